/**
 * Corpus benchmarks (`npm run bench -- --only store`, or one section: --only ingest|query|memory|http).
 *
 *   ingest  real ingest (explain + store) of --ingest-articles generated articles (test/corpus/fixtures.ts, JSONL)
 *           through `briefly ingest`: SQLite with the default explain threads (one per core but one) and one per core; PostgreSQL
 *           with 1 and 2 `briefly worker --threads 1` processes (scale-out: each worker explains on one core) and
 *           1 worker with the default threads (skipped without a server). Rates are whole-command wall times
 *           (process start, loading the pipeline and the database work included); the load average is recorded.
 *   query   a synthetic corpus of --corpus N articles (default 100,000) in SQLite, then p50/p99 latency of
 *           search and entity pages. Synthetic rows, not N explained articles: 40 generated articles are explained
 *           once, and each synthetic article reuses one of those briefs with its own id, key, title, date, outlet,
 *           people's names (from a pool of 4,000) and a unique closing sentence (so no two texts are equal).
 *           The near-duplicate check is off for this build (it would, rightly, link the reused texts), and
 *           articles are committed 1,000 per transaction (the real ingest commits each article on its own).
 *   memory  peak RSS of a real `briefly ingest` of --memory-articles generated articles (default 100,000, the
 *           issue's figure: about 10-16 minutes on a 2-core machine; a smaller N for a quick look) streamed from
 *           a JSONL file, SQLite, default threads: RSS sampled every 100 ms over the run (peak, percentiles of the
 *           samples, and RSS at each quarter of the run); and the synthetic N-article build (store side, no explaining)
 *   http    autocannon on loopback against `briefly serve` over the synthetic corpus: 50 connections,
 *           --http-seconds (default 10), a mix of search, entity and article requests; errors and p99
 *
 * Options: --corpus N, --ingest-articles N (default 2,000), --memory-articles N (default 100,000), --http-seconds S, --pg URL (default
 * postgres://postgres@127.0.0.1:5432/test; its own schema, dropped after).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { explain } from '../src/explain.js';
import type { Brief } from '../src/brief/schema.js';
import { projectRoot } from '../src/data/paths.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { generateArticle, generateArticles } from '../test/corpus/fixtures.js';

export const STORE_SECTIONS = ['ingest', 'query', 'memory', 'http'] as const;
export type StoreSection = (typeof STORE_SECTIONS)[number];

export interface StoreBenchOptions {
  sections: StoreSection[];
  corpus: number;
  ingestArticles: number;
  memoryArticles: number;
  httpSeconds: number;
  pgUrl: string;
}

const round = (n: number, d = 2): number => Number(n.toFixed(d));
const BIN = (): string => path.join(projectRoot(), 'bin', 'briefly.js');

interface ChildRun {
  code: number | null;
  seconds: number;
  peakRssMB: number | null;
  /** RSS (MB) at 25, 50, 75 and 100% of the run's duration. */
  rssQuartilesMB: (number | null)[];
  /** Percentiles 25, 50, 75 and 100 of the RSS samples (MB). */
  rssPercentilesMB: number[];
  samples: number;
  stdout: string;
  stderr: string;
}

function readRss(pid: number): { rss: number; hwm: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(s);
    const hwm = /VmHWM:\s+(\d+) kB/.exec(s);
    return rss && hwm ? { rss: Number(rss[1]) / 1024, hwm: Number(hwm[1]) / 1024 } : null;
  } catch {
    return null;
  }
}

/** Run a node script as a child, sampling its memory (VmRSS, VmHWM) every 100 ms. */
function runNode(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ChildRun> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const samples: { t: number; rss: number }[] = [];
    let peak: number | null = null;
    const timer = setInterval(() => {
      const m = child.pid === undefined ? null : readRss(child.pid);
      if (m) {
        samples.push({ t: Number(process.hrtime.bigint() - started) / 1e9, rss: m.rss });
        peak = Math.max(peak ?? 0, m.hwm);
      }
    }, 100);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const at = (f: number): number | null => {
        const s = samples.filter((x) => x.t <= seconds * f).at(-1);
        return s ? round(s.rss, 1) : null;
      };
      const sorted = samples.map((x) => x.rss).sort((a, b) => a - b);
      resolve({
        code, seconds, peakRssMB: peak === null ? null : round(peak, 1), rssQuartilesMB: [at(0.25), at(0.5), at(0.75), at(1)],
        rssPercentilesMB: [25, 50, 75, 100].map((p) => round(percentile(sorted, p), 1)), samples: samples.length, stdout, stderr,
      });
    });
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

async function pgReachable(url: string): Promise<string | null> {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function pgSql(url: string, sql: string): Promise<void> {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const load = (): number => round(loadavg()[0] ?? 0, 2);

/** Write `n` generated articles (seed `seed`) as JSON lines, one at a time (the bench never holds them all). */
function writeJsonl(file: string, n: number, seed: number): number {
  const fd = openSync(file, 'w');
  try {
    let chunk = '';
    for (let i = 0; i < n; i++) {
      const a = generateArticle(i, seed);
      chunk += `${JSON.stringify({ id: a.id, text: a.text, title: a.title, source: a.source, publishedAt: a.publishedAt })}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return statSync(file).size;
}

async function benchIngest(dir: string, opts: StoreBenchOptions): Promise<Record<string, unknown>> {
  const n = opts.ingestArticles;
  const file = path.join(dir, 'ingest.jsonl');
  writeJsonl(file, n, 2024);
  const out: Record<string, unknown> = { articles: n, input: 'generated articles (test/corpus/fixtures.ts), JSONL', cpus: availableParallelism() };
  const sqliteRun = async (name: string, extra: string[]): Promise<Record<string, unknown>> => {
    const loadBefore = load();
    const r = await runNode([BIN(), 'ingest', file, '--db', path.join(dir, `ingest-${name}.db`), '--quiet', ...extra]);
    return {
      articlesPerSecond: round(n / r.seconds, 1), seconds: round(r.seconds, 1), args: extra.join(' ') || '(default threads)', peakRssMB: r.peakRssMB,
      summary: r.stderr.trim().split('\n')[0], exitCode: r.code, loadAverageBefore: loadBefore, loadAverageAfter: load(),
    };
  };
  out.sqlite = await sqliteRun('default', []);
  out.sqliteThreadPerCore = await sqliteRun('per-core', ['--threads', String(availableParallelism())]);
  const unreachable = await pgReachable(opts.pgUrl);
  if (unreachable !== null) {
    out.postgres = { skipped: `no PostgreSQL server at ${opts.pgUrl}: ${unreachable}` };
    return out;
  }
  const pgResults: Record<string, unknown> = {};
  const pgRuns: { name: string; workers: number; args: string[] }[] = [
    { name: 'workers1', workers: 1, args: ['--threads', '1'] },
    { name: 'workers2', workers: 2, args: ['--threads', '1'] },
    { name: 'workers1DefaultThreads', workers: 1, args: [] },
  ];
  for (const run of pgRuns) {
    const schema = `briefly_bench_${process.pid}_${run.name.toLowerCase()}`;
    const db = `${opts.pgUrl}${opts.pgUrl.includes('?') ? '&' : '?'}schema=${schema}`;
    try {
      const enq = await runNode([BIN(), 'ingest', file, '--db', db, '--enqueue-only', '--quiet']);
      if (enq.code !== 0) throw new Error(`enqueue failed: ${enq.stderr}`);
      const loadBefore = load();
      const started = process.hrtime.bigint();
      const runs = await Promise.all(Array.from({ length: run.workers }, () => runNode([BIN(), 'worker', '--db', db, ...run.args])));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      pgResults[run.name] = {
        workers: run.workers, args: run.args.join(' ') || '(default threads)', articlesPerSecond: round(n / seconds, 1), seconds: round(seconds, 1),
        exitCodes: runs.map((r) => r.code), peakRssMB: runs.map((r) => r.peakRssMB), summaries: runs.map((r) => r.stderr.trim().split('\n')[0]),
        loadAverageBefore: loadBefore, loadAverageAfter: load(),
      };
    } catch (e) {
      pgResults[run.name] = { error: (e as Error).message.slice(0, 500) };
    } finally {
      await pgSql(opts.pgUrl, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    }
  }
  out.postgres = pgResults;
  return out;
}

/** Peak memory of a real `briefly ingest` of opts.memoryArticles generated articles, streamed from JSONL (SQLite). */
async function benchIngestMemory(dir: string, opts: StoreBenchOptions): Promise<Record<string, unknown>> {
  const n = opts.memoryArticles;
  const file = path.join(dir, 'memory.jsonl');
  const bytes = writeJsonl(file, n, 7);
  const db = path.join(dir, 'memory.db');
  const loadBefore = load();
  const r = await runNode([BIN(), 'ingest', file, '--db', db, '--quiet']);
  const dbBytes = existsSync(db) ? statSync(db).size : 0;
  rmSync(file, { force: true });
  return {
    articles: n, inputMB: round(bytes / 1048576, 1), how: 'briefly ingest FILE.jsonl --db FILE.db (SQLite, default threads): generated articles (test/corpus/fixtures.ts), streamed',
    seconds: round(r.seconds, 1), articlesPerSecond: round(n / r.seconds, 1), peakRssMB: r.peakRssMB, rssPercentilesMB: r.rssPercentilesMB,
    rssAtQuartersOfRunMB: r.rssQuartilesMB, rssSamples: r.samples, dbSizeMB: round(dbBytes / 1048576, 1),
    summary: r.stderr.trim().split('\n')[0], exitCode: r.code, loadAverageBefore: loadBefore, loadAverageAfter: load(),
  };
}

/** Child entry: build the synthetic corpus (see the header) into `db`; prints a JSON line with the rate. */
export async function buildSyntheticCorpus(db: string, n: number): Promise<{ articles: number; seconds: number; articlesPerSecond: number; people: string[]; words: string[] }> {
  const bases = generateArticles(40, 4242);
  const briefs: Brief[] = bases.map((a) => explain(a.text, { referenceDate: a.publishedAt }));
  const first = ['Ada', 'Bruno', 'Celia', 'Dario', 'Edda', 'Fabian', 'Gita', 'Hannes', 'Ines', 'Jakob', 'Kira', 'Luca', 'Mira', 'Nils', 'Olga', 'Paulo', 'Quinn', 'Rita', 'Sven', 'Tara'];
  const last: string[] = [];
  for (const a of ['Al', 'Be', 'Cor', 'Da', 'El', 'Fer', 'Gal', 'Hol', 'Ir', 'Jo']) for (const b of ['berg', 'dane', 'mont', 'vik', 'sen', 'ford', 'ley', 'ova', 'ini', 'mar']) last.push(`${a}${b}`);
  const people = first.flatMap((f) => last.flatMap((l) => [`${f} ${l}`, `${f} ${l}-Ro`]));
  const outlets = ['Northern Ledger', 'Harbour Times', 'Valley Courier', 'Capital Post', 'Coastal Herald', 'Wire Digest', 'Evening Star', 'Morning Bell'];
  const store = openSqliteStore(db, { nearDuplicates: false });
  const started = process.hrtime.bigint();
  // Batches of 1,000 articles in one transaction (each article's own transaction becomes a savepoint).
  store.db.exec('BEGIN IMMEDIATE');
  for (let i = 0; i < n; i++) {
    if (i > 0 && i % 1000 === 0) {
      store.db.exec('COMMIT');
      store.db.exec('BEGIN IMMEDIATE');
    }
    const base = briefs[i % briefs.length]!;
    const brief = structuredClone(base);
    let p = (i * 7919) % people.length;
    for (const e of brief.entities) {
      if (e.type === 'PERSON') {
        const name = people[p]!;
        p = (p + 1) % people.length;
        for (const q of brief.quotes) if (q.speaker === e.id) q.speakerName = name;
        e.name = name;
      }
    }
    const day = `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    brief.article.text = `${brief.article.text}\n\nReference ${i.toString(36)}-${(i * 2654435761 % 4294967296).toString(36)} was filed on ${day}.`;
    brief.article.title = `${bases[i % bases.length]!.title} (${i})`;
    brief.article.publishedAt = day;
    await store.addArticle({ key: `synthetic:${i}`, source: outlets[i % outlets.length]!, url: `https://synthetic.example/${i}`, title: brief.article.title, publishedAt: day, brief });
  }
  store.db.exec('COMMIT');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  const words = [...new Set(bases.flatMap((a) => a.title.toLowerCase().split(/\W+/)).filter((w) => w.length > 3))];
  return { articles: n, seconds: round(seconds, 1), articlesPerSecond: round(n / seconds, 1), people: people.slice(0, Math.min(people.length, n)), words };
}

async function benchQueries(db: string, built: { people: string[]; words: string[] }): Promise<Record<string, unknown>> {
  const store = openSqliteStore(db, { readonly: true });
  const time = async (fn: () => Promise<unknown>): Promise<number> => {
    const t0 = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  const stats = (xs: number[]): { n: number; p50ms: number; p99ms: number; meanMs: number } => {
    const s = [...xs].sort((a, b) => a - b);
    return { n: xs.length, p50ms: round(percentile(s, 50), 2), p99ms: round(percentile(s, 99), 2), meanMs: round(xs.reduce((a, b) => a + b, 0) / xs.length, 2) };
  };
  const search: number[] = [];
  const searchRare: number[] = [];
  const entity: number[] = [];
  const outlets = ['Northern Ledger', 'Harbour Times', 'Valley Courier', 'Capital Post', 'Coastal Herald', 'Wire Digest', 'Evening Star', 'Morning Bell'];
  const filtered = { outlet: [] as number[], month: [] as number[], outletAndMonth: [] as number[], entity: [] as number[], rareWithOutlet: [] as number[], noWordsOutletAndMonth: [] as number[] };
  for (let i = 0; i < 20; i++) await store.searchArticles({ q: built.words[i % built.words.length] }); // warm-up
  for (let i = 0; i < 300; i++) {
    const w1 = built.words[(i * 13) % built.words.length]!;
    const w2 = built.words[(i * 29 + 7) % built.words.length]!;
    search.push(await time(() => store.searchArticles({ q: i % 2 === 0 ? w1 : `${w1} ${w2}`, limit: 20 })));
    // A rare term: one article's reference code.
    searchRare.push(await time(() => store.searchArticles({ q: `${(i * 331).toString(36)}`, limit: 20 })));
    entity.push(await time(() => store.getEntity(built.people[(i * 37) % built.people.length]!, { limit: 100 })));
    // Filtered searches (the web UI's and the API's outlet / date / entity filters) over the same words.
    const outlet = outlets[i % outlets.length]!;
    const month = `2024-${String(1 + (i % 12)).padStart(2, '0')}`;
    filtered.outlet.push(await time(() => store.searchArticles({ q: w1, outlet, limit: 20 })));
    filtered.month.push(await time(() => store.searchArticles({ q: w1, from: `${month}-01`, to: `${month}-31`, limit: 20 })));
    filtered.outletAndMonth.push(await time(() => store.searchArticles({ q: w1, outlet, from: `${month}-01`, to: `${month}-31`, limit: 20 })));
    filtered.entity.push(await time(() => store.searchArticles({ q: w1, entity: built.people[(i * 37) % built.people.length]!, limit: 20 })));
    filtered.rareWithOutlet.push(await time(() => store.searchArticles({ q: `${(i * 331).toString(36)}`, outlet, limit: 20 })));
    filtered.noWordsOutletAndMonth.push(await time(() => store.searchArticles({ outlet, from: `${month}-01`, to: `${month}-31`, limit: 20 })));
  }
  await store.close();
  return {
    searchCommonWords: stats(search), searchRareWord: stats(searchRare), entityPage: stats(entity),
    searchCommonWordByOutlet: stats(filtered.outlet), searchCommonWordInAMonth: stats(filtered.month),
    searchCommonWordByOutletInAMonth: stats(filtered.outletAndMonth), searchCommonWordByEntity: stats(filtered.entity),
    searchRareWordByOutlet: stats(filtered.rareWithOutlet), listByOutletInAMonth: stats(filtered.noWordsOutletAndMonth),
  };
}

async function benchHttp(db: string, built: { people: string[]; words: string[] }, seconds: number): Promise<Record<string, unknown>> {
  const autocannon = (await import('autocannon')).default;
  const port = 18000 + (process.pid % 1000);
  const server = spawn(process.execPath, [BIN(), 'serve', '--db', db, '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('server did not start')), 30_000);
      server.stderr.on('data', (d: Buffer) => {
        if (d.toString().includes('listening')) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    const one = await fetch(`http://127.0.0.1:${port}/api/articles?limit=1`);
    const firstId = ((await one.json()) as { items: { id: string }[] }).items[0]?.id ?? 'x';
    const requests = [
      ...built.words.slice(0, 10).map((w) => ({ method: 'GET' as const, path: `/api/articles?q=${encodeURIComponent(w)}&limit=20` })),
      ...built.people.slice(0, 10).map((p) => ({ method: 'GET' as const, path: `/api/entities/${encodeURIComponent(p)}?limit=50` })),
      { method: 'GET' as const, path: `/api/articles/${firstId}` },
      { method: 'GET' as const, path: '/api/people?limit=20' },
    ];
    const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections: 50, duration: seconds, requests });
    return {
      connections: 50, seconds, requests: result.requests.total, requestsPerSecond: round(result.requests.average, 1),
      latencyP50ms: result.latency.p50, latencyP99ms: result.latency.p99, errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx,
      mix: 'search (10 words), entity pages (10 people), one article, people list, cycled',
    };
  } finally {
    server.kill('SIGTERM');
  }
}

export async function runStoreBench(opts: StoreBenchOptions): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'briefly-bench-store-'));
  const results: Record<string, unknown> = {
    options: { corpus: opts.corpus, ingestArticles: opts.ingestArticles, memoryArticles: opts.memoryArticles, httpSeconds: opts.httpSeconds },
  };
  try {
    const want = (s: StoreSection): boolean => opts.sections.includes(s);
    if (want('ingest')) {
      console.log(`store bench: ingest of ${opts.ingestArticles} generated articles…`);
      results.ingest = await benchIngest(dir, opts);
    }
    if (want('memory')) {
      console.log(`store bench: memory of a real ingest of ${opts.memoryArticles.toLocaleString('en')} generated articles…`);
      results.ingestMemory = await benchIngestMemory(dir, opts);
    }
    if (want('query') || want('memory') || want('http')) {
      const db = path.join(dir, 'synthetic.db');
      console.log(`store bench: building a synthetic corpus of ${opts.corpus.toLocaleString('en')} articles…`);
      const build = await runNode([path.join(projectRoot(), 'dist', 'scripts', 'bench-store.js'), '--build', db, String(opts.corpus)]);
      if (build.code !== 0) throw new Error(`synthetic build failed: ${build.stderr}`);
      const built = JSON.parse(build.stdout.trim().split('\n').at(-1)!) as { articles: number; seconds: number; articlesPerSecond: number; people: string[]; words: string[] };
      const { size } = await import('node:fs').then((fs) => fs.statSync(db));
      results.syntheticBuild = {
        articles: built.articles, seconds: built.seconds, articlesPerSecond: built.articlesPerSecond, peakRssMB: build.peakRssMB,
        rssQuartilesMB: build.rssQuartilesMB, dbSizeMB: round(size / 1048576, 1),
        how: '40 explained generated articles reused with varied ids, titles, dates, outlets, person names and a unique closing sentence; near-duplicate check off',
      };
      if (want('query')) {
        console.log('store bench: query latency…');
        results.query = await benchQueries(db, built);
      }
      if (want('http')) {
        console.log(`store bench: HTTP load, 50 connections, ${opts.httpSeconds}s…`);
        results.http = await benchHttp(db, built, opts.httpSeconds);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

export function parseStoreArgs(argv: readonly string[]): StoreBenchOptions & { only: string[] } {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const only = (get('--only') ?? '').split(',').filter((s) => s !== '');
  const sections = only.includes('store') || only.length === 0 ? [...STORE_SECTIONS] : STORE_SECTIONS.filter((s) => only.includes(s));
  const num = (name: string, fallback: number): number => {
    const v = get(name);
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} expects a positive whole number; got ${v}`);
    return n;
  };
  return {
    only, sections, corpus: num('--corpus', 100_000), ingestArticles: num('--ingest-articles', 2000), memoryArticles: num('--memory-articles', 100_000),
    httpSeconds: num('--http-seconds', 10),
    pgUrl: get('--pg') ?? process.env.BRIEFLY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  };
}

export function printStoreResults(r: Record<string, unknown>): void {
  console.log(JSON.stringify(r, null, 2));
}

// Child mode: node dist/scripts/bench-store.js --build DB N
if (process.argv[2] === '--build' && existsSync(path.dirname(process.argv[3] ?? '/nonexistent'))) {
  const built = await buildSyntheticCorpus(process.argv[3]!, Number(process.argv[4]));
  console.log(JSON.stringify(built));
}
