/**
 * The corpus commands: ingest, worker, search, quotes, people, entity, export, serve.
 *
 *   briefly ingest PATH|URL… [--db news.db]      folders of .html/.txt, .jsonl, .warc(.gz), RSS/Atom; re-runs add nothing
 *   briefly worker --db postgres://…             take ingest jobs from the shared queue until it is empty
 *   briefly search QUERY [--from --to --outlet --entity --limit --json]
 *   briefly quotes --speaker NAME | briefly people | briefly entity NAME
 *   briefly export --format jsonl|csv [--table articles|entities|quotes|figures|events] [--out FILE]
 *   briefly export --format gdelt [--out FILE]   the events as a GDELT-style table
 *   briefly relations A B [--by week|month]      a dyad's events over time (counts by quad class, Goldstein index)
 *   briefly serve [--port 8080] [--host 127.0.0.1]
 *
 * --db is a SQLite file (default news.db, or $BRIEFLY_DB) or a postgres:// URL.
 */
import { Command, Option } from 'commander';
import { BrieflyError } from '../errors.js';
import type { CorpusStore, EventRow, ExportTable } from '../store/types.js';
import { EXPORT_TABLES } from '../store/types.js';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';

export const DEFAULT_DB = 'news.db';
/** SQLite page cache of `briefly ingest` (KB). */
export const INGEST_SQLITE_CACHE_KB = 16_384;

function dbOption(): Option {
  return new Option('--db <FILE|URL>', 'SQLite file or postgres:// URL').default(process.env.BRIEFLY_DB ?? DEFAULT_DB);
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new BrieflyError('BAD_OPTION', `${name} expects a positive whole number; got '${value}'.`);
  return n;
}

async function withStore<T>(db: string, fn: (store: CorpusStore) => Promise<T>): Promise<T> {
  const { openStore } = await import('../store/index.js');
  const store = await openStore(db);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

interface IngestOpts { db: string; allowPrivate?: boolean; enqueueOnly?: boolean; lease?: string; quiet?: boolean; threads?: string }

/** --threads: explain threads (0 = explain in the main thread); default one per core but one, at least 1, at most 4. */
async function threadsOption(value: string | undefined): Promise<number> {
  const { defaultThreads } = await import('../store/ingest/explain-pool.js');
  if (value === undefined) return defaultThreads();
  if (!/^\d+$/.test(value) || Number(value) > 64) throw new BrieflyError('BAD_OPTION', `--threads expects a whole number from 0 to 64; got '${value}'.`);
  return Number(value);
}

async function runIngest(inputs: string[], opts: IngestOpts): Promise<number> {
  const [{ openStore, isPostgresUrl }, { expandInputs, readInputs }, ing, { ProgressBar }, { ExplainPool }] = await Promise.all([
    import('../store/index.js'), import('../store/ingest/sources.js'), import('../store/ingest/ingest.js'), import('../store/ingest/progress-bar.js'),
    import('../store/ingest/explain-pool.js'),
  ]);
  const threads = await threadsOption(opts.threads);
  const { items, errors } = await expandInputs(inputs);
  const summary = ing.emptySummary();
  for (const e of errors) if (e.kind === 'error') ing.addFailure(summary, e.origin, e.code, e.message);
  const store = await openStore(opts.db);
  const totalBytes = items.reduce((n, i) => n + i.bytes, 0);
  const bar = new ProgressBar(process.stderr.isTTY && opts.quiet !== true ? process.stderr : null, totalBytes);
  const progress = { bytesRead: 0 };
  let records = 0;
  try {
    const records$ = readInputs(items, progress, { allowPrivate: opts.allowPrivate === true });
    if (isPostgresUrl(opts.db)) {
      const pgStore = store as import('../store/postgres.js').PostgresStore;
      let batch: import('../store/ingest/records.js').ArticleRecord[] = [];
      let queued = 0;
      for await (const rec of records$) {
        records++;
        if (rec.kind === 'error') ing.addFailure(summary, rec.origin, rec.code, rec.message);
        else batch.push(rec);
        if (batch.length >= 200) {
          const added = await pgStore.enqueue(batch);
          queued += added;
          summary.skipped += batch.length - added;
          batch = [];
        }
        bar.update(progress.bytesRead, records);
      }
      const added = await pgStore.enqueue(batch);
      queued += added;
      summary.skipped += batch.length - added;
      bar.clear();
      process.stderr.write(`queued ${queued} new job${queued === 1 ? '' : 's'}\n`);
      if (opts.enqueueOnly !== true) {
        const { runWorker } = await import('../store/worker.js');
        const s = await runWorker(pgStore, { leaseSeconds: positiveInt('--lease', opts.lease, 60), threads });
        summary.ingested += s.ingested;
        summary.duplicates += s.duplicates;
        summary.nearDuplicates += s.nearDuplicates;
        summary.skipped += s.skipped;
        for (const f of s.failures) ing.addFailure(summary, f.origin, f.code, f.message);
      }
    } else {
      // Ingest only appends: a 16 MB page cache (instead of the 64 MB queries get) keeps memory flat on big inputs.
      if (store.kind === 'sqlite') (store as import('../store/sqlite.js').SqliteStore).db.pragma(`cache_size = -${INGEST_SQLITE_CACHE_KB}`);
      const pool = new ExplainPool({ threads, nearDuplicates: store.nearDuplicates });
      try {
        await ing.ingestStream(store, records$, summary, {
          pool,
          onRecord: () => {
            records++;
            bar.update(progress.bytesRead, records);
          },
        });
      } finally {
        await pool.close();
      }
    }
  } finally {
    bar.clear();
    await store.close();
  }
  process.stderr.write(`${ing.formatSummary(summary)}\n`);
  return summary.failed > 0 ? EXIT_FAILURE : EXIT_OK;
}

async function runWorkerCommand(opts: { db: string; lease?: string; watch?: boolean; threads?: string }): Promise<number> {
  const { isPostgresUrl, openStore } = await import('../store/index.js');
  if (!isPostgresUrl(opts.db)) throw new BrieflyError('BAD_OPTION', `briefly worker shares work through PostgreSQL: give --db postgres://…; got '${opts.db}'.`);
  const store = (await openStore(opts.db)) as import('../store/postgres.js').PostgresStore;
  const [{ runWorker }, ing] = await Promise.all([import('../store/worker.js'), import('../store/ingest/ingest.js')]);
  const ac = new AbortController();
  const stop = (): void => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const summary = await runWorker(store, { leaseSeconds: positiveInt('--lease', opts.lease, 60), watch: opts.watch === true, signal: ac.signal, threads: await threadsOption(opts.threads) });
    process.stderr.write(`${ing.formatSummary(summary)}\n`);
    return summary.failed > 0 ? EXIT_FAILURE : EXIT_OK;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await store.close();
  }
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `briefly relations A B`: the dyad's events per period, both directions, with the cooperation–conflict index. */
async function runRelations(a: string, b: string, opts: { db: string; by: string; json?: boolean; events?: boolean }): Promise<number> {
  const { resolveActor, dyadSeries } = await import('../store/relations.js');
  const codeA = resolveActor(a);
  const codeB = resolveActor(b);
  if (codeA === codeB) throw new BrieflyError('BAD_OPTION', `Both actors are ${codeA}: give two different countries or codes.`);
  const events = await withStore(opts.db, (s) => s.eventsBetween(codeA, codeB));
  const series = dyadSeries(events, codeA, codeB, opts.by === 'week' ? 'week' : 'month');
  if (opts.json) {
    out(JSON.stringify(opts.events ? { ...series, events } : series));
    return EXIT_OK;
  }
  out(`${codeA} and ${codeB}: ${series.total} event${series.total === 1 ? '' : 's'} (${series.undated} without a date) by ${series.by}`);
  out('quad classes: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict; index: mean Goldstein score of events done (-10 conflict … +10 cooperation)');
  out(`${'period'.padEnd(11)} ${`${codeA}→${codeB} q1 q2 q3 q4`.padEnd(22)} ${`${codeB}→${codeA} q1 q2 q3 q4`.padEnd(22)} negated  not yet  index`);
  for (const p of series.periods) {
    const q = (c: typeof p.aToB): string => c.quad.map((n) => String(n).padStart(3)).join('');
    out(`${p.period.padEnd(11)} ${' '.repeat(10)}${q(p.aToB)}  ${' '.repeat(10)}${q(p.bToA)}  ${String(p.aToB.negated + p.bToA.negated).padStart(7)}  ${String(p.aToB.notYet + p.bToA.notYet).padStart(7)}  ${p.index === null ? '    -' : p.index.toFixed(2).padStart(6)}`);
  }
  if (opts.events) for (const e of events) out(`${e.date ?? '----------'}  ${e.sourceCode}→${e.targetCode}  ${e.code}${e.negated ? ' (negated)' : ''} ${e.modality}  ${e.articleId}  ${e.text}`);
  return EXIT_OK;
}

async function runExport(opts: { db: string; format: string; table: string; out?: string }): Promise<number> {
  // gdelt: the events table as GDELT-style tab-separated rows, with a header line.
  const gdelt = opts.format === 'gdelt' ? await import('../store/relations.js') : null;
  const table = gdelt !== null ? 'events' : opts.table;
  if (!(EXPORT_TABLES as readonly string[]).includes(table)) {
    throw new BrieflyError('BAD_OPTION', `--table must be one of ${EXPORT_TABLES.join(', ')}; got '${table}'.`);
  }
  const { openSink } = await import('./output.js');
  const sink = openSink(opts.out ?? null);
  await withStore(opts.db, async (store) => {
    let header: string[] | null = null;
    if (gdelt !== null) await sink.write(`${gdelt.GDELT_COLUMNS.join('\t')}\n`);
    for await (const row of store.exportRows(table as ExportTable)) {
      if (gdelt !== null) {
        const ev = row as unknown as EventRow & { idx: number };
        await sink.write(`${gdelt.gdeltRow(ev, ev.idx).join('\t')}\n`);
      } else if (opts.format === 'jsonl') await sink.write(`${JSON.stringify(row)}\n`);
      else {
        if (header === null) {
          header = Object.keys(row);
          await sink.write(`${header.join(',')}\r\n`);
        }
        await sink.write(`${header.map((k) => csvCell(row[k])).join(',')}\r\n`);
      }
      if (sink.closedByReader) break;
    }
  });
  await sink.close();
  return EXIT_OK;
}

export function registerCorpusCommands(program: Command, onExit: (code: number) => void): void {
  program.command('ingest')
    .description('add articles to the corpus: folders of .html/.txt, .jsonl, .warc/.warc.gz, RSS/Atom feeds, or URLs')
    .argument('<inputs...>', 'files, folders or http(s) URLs')
    .addOption(dbOption())
    .option('--allow-private', 'allow fetching URLs on loopback and private networks')
    .option('--enqueue-only', 'PostgreSQL: only queue the jobs, for `briefly worker` processes')
    .option('--lease <seconds>', 'PostgreSQL: seconds a worker holds a job before another may take it (default 60)')
    .option('--threads <N>', 'explain threads (default: one per core but one, 1 to 4; 0: explain in the main thread)')
    .option('--quiet', 'no progress bar')
    .action(async (inputs: string[], opts: IngestOpts) => onExit(await runIngest(inputs, opts)));

  program.command('worker')
    .description('PostgreSQL: take ingest jobs from the shared queue until it is empty (--watch: keep waiting)')
    .addOption(dbOption())
    .option('--lease <seconds>', 'seconds a job is held before another worker may take it (default 60)')
    .option('--watch', 'keep polling for new jobs')
    .option('--threads <N>', 'explain threads, at least 1 (default: one per core but one, 1 to 4)')
    .action(async (opts: { db: string; lease?: string; watch?: boolean; threads?: string }) => onExit(await runWorkerCommand(opts)));

  program.command('search')
    .description('full-text search of the corpus')
    .argument('<query...>', 'words; "quoted phrase" for a phrase')
    .addOption(dbOption())
    .option('--from <date>', 'published on or after (YYYY-MM-DD)')
    .option('--to <date>', 'published on or before (YYYY-MM-DD)')
    .option('--outlet <name>', 'only this outlet / source')
    .option('--entity <name>', 'only articles that mention this entity')
    .option('--limit <N>', 'results (default 20)')
    .option('--json', 'print JSON')
    .action(async (words: string[], o: { db: string; from?: string; to?: string; outlet?: string; entity?: string; limit?: string; json?: boolean }) => {
      const page = await withStore(o.db, (s) => s.searchArticles({ q: words.join(' '), from: o.from, to: o.to, outlet: o.outlet, entity: o.entity, limit: positiveInt('--limit', o.limit, 20) }));
      if (o.json) out(JSON.stringify(page));
      else {
        out(`${page.total} article${page.total === 1 ? '' : 's'}`);
        for (const a of page.items) {
          out(`${a.id}  ${a.publishedAt?.slice(0, 10) ?? '----------'}  ${a.source ?? '-'}  ${a.title ?? '(untitled)'}`);
          if (a.snippet) out(`    ${a.snippet.replace(/\s+/g, ' ')}`);
        }
      }
      onExit(EXIT_OK);
    });

  program.command('quotes')
    .description('quotes across the corpus, by speaker')
    .addOption(dbOption())
    .option('--speaker <name>', 'speaker name')
    .option('--limit <N>', 'results (default 20)')
    .option('--json', 'print JSON')
    .action(async (o: { db: string; speaker?: string; limit?: string; json?: boolean }) => {
      const page = await withStore(o.db, (s) => s.quotesBySpeaker({ speaker: o.speaker, limit: positiveInt('--limit', o.limit, 20) }));
      if (o.json) out(JSON.stringify(page));
      else {
        out(`${page.total} quote${page.total === 1 ? '' : 's'}`);
        for (const q of page.items) {
          out(`${q.date ?? '----------'}  ${q.speakerName ?? 'unknown'}${q.role ? ` (${q.role})` : ''}  [${q.kind}] ${q.outlet ?? ''} ${q.articleId}`);
          out(`    ${q.text}`);
        }
      }
      onExit(EXIT_OK);
    });

  program.command('people')
    .description('people in the corpus, most covered first')
    .addOption(dbOption())
    .option('--limit <N>', 'results (default 20)')
    .option('--json', 'print JSON')
    .action(async (o: { db: string; limit?: string; json?: boolean }) => {
      const page = await withStore(o.db, (s) => s.listPeople({ limit: positiveInt('--limit', o.limit, 20) }));
      if (o.json) out(JSON.stringify(page));
      else {
        out(`${page.total} people`);
        for (const p of page.items) out(`${p.name}  ${p.articles} article${p.articles === 1 ? '' : 's'}, ${p.quotes} quote${p.quotes === 1 ? '' : 's'}${p.roles.length ? `  ${p.roles.join('; ')}` : ''}`);
      }
      onExit(EXIT_OK);
    });

  program.command('entity')
    .description('every mention, role, quote, figure and want of one entity across articles')
    .argument('<name...>', 'entity name')
    .addOption(dbOption())
    .option('--limit <N>', 'rows per section (default 100)')
    .option('--json', 'print JSON')
    .action(async (name: string[], o: { db: string; limit?: string; json?: boolean }) => {
      const page = await withStore(o.db, (s) => s.getEntity(name.join(' '), { limit: positiveInt('--limit', o.limit, 100) }));
      if (page === null) throw new BrieflyError('BAD_OPTION', `No entity named '${name.join(' ')}' in the corpus.`);
      if (o.json) out(JSON.stringify(page));
      else {
        out(`${page.name} (${page.type}), in ${page.articles} article${page.articles === 1 ? '' : 's'}`);
        const roles = [...new Set(page.roles.map((r) => [r.role, r.affiliation].filter(Boolean).join(', ')).filter((r) => r !== ''))];
        if (roles.length) out(`roles: ${roles.join('; ')}`);
        out(`mentions: ${page.mentions.length}`);
        for (const m of page.mentions.slice(0, 10)) out(`    ${m.articleId} ${m.start}-${m.end} ${m.text}`);
        out(`quotes: ${page.quotes.length}`);
        for (const q of page.quotes) out(`    ${q.date ?? '----------'} ${q.articleId} [${q.kind}] ${q.text}`);
        out(`wants: ${page.wants.length}`);
        for (const w of page.wants) out(`    ${w.articleId} ${w.text}`);
        out(`figures in its articles: ${page.figures.length}`);
        for (const f of page.figures.slice(0, 10)) out(`    ${f.articleId} ${f.text} (${f.value} ${f.unit})`);
      }
      onExit(EXIT_OK);
    });

  program.command('export')
    .description('export a table of the corpus as JSON lines or CSV')
    .addOption(dbOption())
    .addOption(new Option('--format <format>', 'jsonl, csv, or gdelt (the events table as a GDELT-style TSV)').choices(['jsonl', 'csv', 'gdelt']).default('jsonl'))
    .addOption(new Option('--table <table>', 'which table').choices([...EXPORT_TABLES]).default('articles'))
    .option('--out <FILE>', 'write to FILE instead of stdout')
    .action(async (o: { db: string; format: string; table: string; out?: string }) => onExit(await runExport(o)));

  program.command('relations')
    .description('events between two countries (or actor codes) over time: counts by quad class each way and a cooperation–conflict index')
    .argument('<a>', 'a country name, demonym or three-letter CAMEO code (China, Chinese, CHN)')
    .argument('<b>', 'the other one')
    .addOption(dbOption())
    .addOption(new Option('--by <period>', 'week or month').choices(['week', 'month']).default('month'))
    .option('--events', 'also list the events')
    .option('--json', 'print JSON')
    .action(async (a: string, b: string, o: { db: string; by: string; json?: boolean; events?: boolean }) => onExit(await runRelations(a, b, o)));

  program.command('serve')
    .description('HTTP API over the corpus (and POST /api/explain); OpenAPI at /openapi.json')
    .addOption(dbOption())
    .option('--no-db', 'serve /api/explain only, without a corpus')
    .option('--port <N>', 'port (default 8080)')
    .option('--host <addr>', 'address to listen on (default 127.0.0.1)')
    .option('--max-body <bytes>', 'largest request body (default 2,000,000)')
    .option('--max-concurrency <N>', 'requests handled at once; more get 503 (default 64)')
    .option('--allow-private', 'POST /api/explain {url}: allow loopback and private-network addresses')
    .action(async (o: { db: string | false; port?: string; host?: string; maxBody?: string; maxConcurrency?: string; allowPrivate?: boolean }) => {
      const { serve } = await import('../server/serve.js');
      const code = await serve({
        db: o.db === false ? null : o.db,
        port: o.port === undefined ? 8080 : positiveInt('--port', o.port, 8080),
        host: o.host ?? '127.0.0.1',
        maxBodyBytes: positiveInt('--max-body', o.maxBody, 2_000_000),
        maxConcurrency: positiveInt('--max-concurrency', o.maxConcurrency, 64),
        allowPrivate: o.allowPrivate === true,
      });
      onExit(code);
    });
}
