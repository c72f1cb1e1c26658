/**
 * `briefly ingest` end to end (a child process): mixed inputs with malformed records, idempotent re-runs,
 * and crash-and-resume (kill -9 in the middle, then the same command again: exact counts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { projectRoot } from '../src/data/paths.js';
import { generateArticles, syndicatedCopy, toHtml } from './corpus/fixtures.js';
import { gzipMembers, httpResponse, warcRecord } from './corpus/warc-writer.js';

const BIN = path.join(projectRoot(), 'bin', 'briefly.js');

function briefly(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function count(db: string, sql: string): number {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare(sql).get() as { n: number }).n;
  } finally {
    d.close();
  }
}

/** Checks that hold in any consistent corpus database. */
function assertConsistent(db: string): void {
  const d = new Database(db, { readonly: true });
  try {
    assert.equal(d.pragma('integrity_check', { simple: true }), 'ok');
    const n = (sql: string): number => (d.prepare(sql).get() as { n: number }).n;
    // Every article has its search entry, and the entity counters match the rows.
    assert.equal(n("SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH 'a OR the OR of OR in'"), n("SELECT count(*) AS n FROM articles WHERE text LIKE '% the %' OR text LIKE '% of %' OR text LIKE '% in %' OR text LIKE '% a %'"));
    assert.equal(n('SELECT coalesce(sum(article_count), 0) AS n FROM entities'), n('SELECT count(*) AS n FROM article_entities'));
    assert.equal(n('SELECT count(*) AS n FROM article_entities WHERE article_rid NOT IN (SELECT rid FROM articles)'), 0);
    assert.equal(n('SELECT count(*) AS n FROM quotes WHERE article_rid NOT IN (SELECT rid FROM articles)'), 0);
  } finally {
    d.close();
  }
}

test('ingest: folders of HTML/text, JSONL with bad lines, WARC.gz and RSS; summary, then a re-run adds nothing', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'briefly-ingest-'));
  try {
    const arts = generateArticles(14, 31);
    const input = path.join(dir, 'in');
    mkdirSync(path.join(input, 'pages'), { recursive: true });
    // 3 HTML pages, 2 text files
    for (const a of arts.slice(0, 3)) writeFileSync(path.join(input, 'pages', `${a.id}.html`), toHtml(a));
    for (const a of arts.slice(3, 5)) writeFileSync(path.join(input, 'pages', `${a.id}.txt`), a.text);
    writeFileSync(path.join(input, 'pages', 'notes.md'), 'ignored: not an article format');
    // JSONL: 3 good lines, 3 bad ones, 1 exact duplicate of a text file under another id, 1 syndicated copy
    const lines = [
      ...arts.slice(5, 8).map((a) => JSON.stringify({ id: a.id, text: a.text, title: a.title, source: a.source, publishedAt: a.publishedAt })),
      '{"id": "broken", "text": ',
      JSON.stringify({ id: 'no-text' }),
      JSON.stringify(['not', 'an', 'object']),
      JSON.stringify({ id: 'dup-of-text-file', text: arts[3]!.text }),
      JSON.stringify({ id: 'syndicated', text: syndicatedCopy(arts[5]!).text }),
      '',
    ];
    writeFileSync(path.join(input, 'batch.jsonl'), lines.join('\n'));
    // WARC.gz: 3 articles, a request record, one malformed record in between
    writeFileSync(path.join(input, 'crawl.warc.gz'), gzipMembers([
      warcRecord({ type: 'response', uri: arts[8]!.url, id: 'w1', block: httpResponse(toHtml(arts[8]!)) }),
      warcRecord({ type: 'request', uri: arts[8]!.url, id: 'w1r', block: 'GET / HTTP/1.1\r\n\r\n' }),
      warcRecord({ type: 'resource', uri: 'https://x.example/bad', id: 'wbad', contentType: 'text/plain', block: 'x', contentLength: 'many' }),
      warcRecord({ type: 'resource', uri: arts[9]!.url, id: 'w2', contentType: 'text/plain', block: arts[9]!.text }),
      warcRecord({ type: 'response', uri: arts[10]!.url, id: 'w3', block: httpResponse(toHtml(arts[10]!)) }),
    ]));
    // RSS: 2 articles and an item without text
    const items = arts.slice(11, 13).map((a) => `<item><title>${a.title}</title><link>${a.url}</link><guid>${a.id}</guid><pubDate>${new Date(a.publishedAt).toUTCString()}</pubDate><description><![CDATA[${a.text.split('\n\n').map((p) => `<p>${p}</p>`).join('')}]]></description></item>`);
    writeFileSync(path.join(input, 'feed.rss'), `<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Courier</title>${items.join('')}<item><title>Empty</title><guid>e</guid></item></channel></rss>`);

    const db = path.join(dir, 'news.db');
    const first = briefly(['ingest', input, '--db', db]);
    assert.equal(first.status, 1, first.stderr); // some records failed
    assert.match(first.stderr, /^13 ingested, 2 duplicates \(1 near\), 0 already stored, 5 failed$/m);
    assert.match(first.stderr, /BAD_JSONL_LINE 3/);
    assert.match(first.stderr, /BAD_WARC_RECORD 1/);
    assert.match(first.stderr, /NO_CONTENT 1/);
    assert.equal(count(db, 'SELECT count(*) AS n FROM articles'), 13);
    assert.equal(count(db, 'SELECT count(*) AS n FROM duplicates'), 2);
    assertConsistent(db);

    const again = briefly(['ingest', input, '--db', db]);
    assert.match(again.stderr, /^0 ingested, 0 duplicates \(0 near\), 15 already stored, 5 failed$/m);
    assert.equal(count(db, 'SELECT count(*) AS n FROM articles'), 13);

    // Query commands over the result.
    const search = briefly(['search', arts[11]!.title, '--db', db, '--json']);
    assert.equal(search.status, 0, search.stderr);
    const page = JSON.parse(search.stdout) as { total: number; items: { title: string; source: string; publishedAt: string }[] };
    assert.ok(page.total >= 1);
    assert.equal(page.items[0]!.title, arts[11]!.title);
    assert.equal(page.items[0]!.source, new URL(arts[11]!.url).hostname); // a feed item's outlet: its link's host
    const people = JSON.parse(briefly(['people', '--db', db, '--json']).stdout) as { total: number; items: { name: string }[] };
    assert.ok(people.total > 0);
    const entity = briefly(['entity', people.items[0]!.name, '--db', db]);
    assert.equal(entity.status, 0);
    assert.match(entity.stdout, /\(PERSON\), in \d+ article/);
    const missing = briefly(['entity', 'Nobody Atall', '--db', db]);
    assert.notEqual(missing.status, 0);
    const csv = briefly(['export', '--db', db, '--format', 'csv', '--table', 'figures']);
    assert.equal(csv.status, 0);
    assert.match(csv.stdout.split('\r\n')[0]!, /^articleId,value,unit,about,source,date,text,start,end$/);
    const jsonl = briefly(['export', '--db', db, '--table', 'articles']).stdout.trim().split('\n');
    assert.equal(jsonl.length, 13);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('crash and resume: kill -9 in the middle of an ingest, run it again, every article stored exactly once', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'briefly-crash-'));
  try {
    const total = 120;
    const arts = generateArticles(total, 77);
    const file = path.join(dir, 'many.jsonl');
    writeFileSync(file, `${arts.map((a) => JSON.stringify({ id: a.id, text: a.text, title: a.title, publishedAt: a.publishedAt })).join('\n')}\n`);
    const db = path.join(dir, 'news.db');
    const child = spawn(process.execPath, [BIN, 'ingest', file, '--db', db], { stdio: 'ignore' });
    // Wait until some articles are stored, then kill without warning.
    let stored = 0;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        stored = count(db, 'SELECT count(*) AS n FROM articles');
      } catch {
        stored = 0; // not created yet
      }
      if (stored >= 15) break;
    }
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const atKill = count(db, 'SELECT count(*) AS n FROM articles');
    assert.ok(atKill >= 15 && atKill < total, `stored at kill: ${atKill}`);
    assertConsistent(db);

    const resume = briefly(['ingest', file, '--db', db]);
    assert.equal(resume.status, 0, resume.stderr);
    const m = /^(\d+) ingested, 0 duplicates \(0 near\), (\d+) already stored, 0 failed$/m.exec(resume.stderr);
    assert.ok(m, resume.stderr);
    assert.equal(Number(m[1]) + Number(m[2]), total);
    assert.equal(Number(m[2]), atKill);
    assert.equal(count(db, 'SELECT count(*) AS n FROM articles'), total);
    assert.equal(count(db, 'SELECT count(DISTINCT ingest_key) AS n FROM articles'), total);
    assert.equal(count(db, 'SELECT count(*) AS n FROM duplicates'), 0);
    assertConsistent(db);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ingest URLs: a fetched page and a fetched feed (loopback, --allow-private); a dead URL is a failure', async () => {
  const { createServer } = await import('node:http');
  const arts = generateArticles(3, 63);
  const server = createServer((req, res) => {
    if (req.url === '/page') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(toHtml(arts[0]!));
    } else if (req.url === '/feed') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const items = arts.slice(1).map((a) => `<item><title>${a.title}</title><link>${a.url}</link><description><![CDATA[${a.text}]]></description></item>`).join('');
      res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${items}</channel></rss>`);
    } else {
      res.writeHead(404);
      res.end('missing');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as import('node:net').AddressInfo;
  const dir = mkdtempSync(path.join(tmpdir(), 'briefly-urls-'));
  try {
    const db = path.join(dir, 'u.db');
    const base = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [BIN, 'ingest', `${base}/page`, `${base}/feed`, `${base}/gone`, '--db', db, '--allow-private'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((r) => child.once('exit', r));
    assert.equal(code, 1, stderr);
    assert.match(stderr, /^3 ingested, 0 duplicates \(0 near\), 0 already stored, 1 failed$/m);
    assert.match(stderr, /FETCH_FAILED 1/);
    assert.equal(count(db, `SELECT count(*) AS n FROM articles WHERE ingest_key = 'url:${base}/page'`), 1);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('briefly relations and export --format gdelt read the coded events of ingested articles', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'briefly-relations-'));
  try {
    const jsonl = path.join(dir, 'events.jsonl');
    const text = 'Harbour City, March 3, 2023 — China condemned Russia for the strike on the dam on Friday.\n\nRussia attacked Ukraine again on March 10, 2023.';
    writeFileSync(jsonl, `${JSON.stringify({ id: 'e1', text })}\n`);
    const db = path.join(dir, 'r.db');
    assert.equal(briefly(['ingest', jsonl, '--db', db, '--quiet']).status, 0);
    const stored = count(db, 'SELECT count(*) AS n FROM events');
    assert.ok(stored >= 1, 'the coder finds the condemnation and the attack');
    const dyad = count(db, "SELECT count(*) AS n FROM events WHERE source_country IN ('CHN', 'RUS') AND target_country IN ('CHN', 'RUS') AND source_country <> target_country");
    const rel = briefly(['relations', 'China', 'Russia', '--db', db, '--json']);
    assert.equal(rel.status, 0, rel.stderr);
    const series = JSON.parse(rel.stdout) as { a: string; b: string; total: number };
    assert.deepEqual([series.a, series.b, series.total], ['CHN', 'RUS', dyad]);
    const table = briefly(['relations', 'chinese', 'RUS', '--db', db, '--by', 'week']);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /^CHN and RUS: /);
    const gdelt = briefly(['export', '--format', 'gdelt', '--db', db]);
    assert.equal(gdelt.status, 0, gdelt.stderr);
    const lines = gdelt.stdout.trim().split('\n');
    assert.equal(lines.length, stored + 1, 'a header and one line per stored event');
    assert.ok(lines[0]!.startsWith('GLOBALEVENTID\tSQLDATE'));
    assert.ok(lines.slice(1).every((l) => l.split('\t').length === lines[0]!.split('\t').length));
    const bad = briefly(['relations', 'Atlantis', 'Russia', '--db', db]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /Unknown actor 'Atlantis'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
