// The web UI's server side without a browser: pages, assets and security headers from mountWeb,
// and the in-memory development API (dev-api.ts) answering the contract over the example corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { projectRoot } from '../../src/data/paths.js';
import { loadCorpusDir, MemoryCorpus, mountDevApi, paragraphRanges } from '../../src/server/web/dev-api.js';
import { CONTENT_SECURITY_POLICY, mountWeb, PAGE_ROUTES } from '../../src/server/web/index.js';
import type { ArticleList, EntityDetail, GraphData, PeopleList, QuoteList } from '../../src/server/web/api-types.js';

const corpusDir = path.join(projectRoot(), 'test', 'web', 'corpus');
const articles = loadCorpusDir(corpusDir);

function app(): Hono {
  const a = new Hono();
  mountDevApi(a, new MemoryCorpus(articles), { maxBodyBytes: 50_000 });
  mountWeb(a, {});
  return a;
}
const server = app();

async function json<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await server.request(url, init);
  return { status: res.status, body: (await res.json()) as T };
}

test('every page route serves the HTML shell with a strict CSP and no inline script', async () => {
  for (const route of PAGE_ROUTES) {
    const url = route.replace(':id', 'grid-deal').replace(':name', 'Karl%20Tamm');
    const res = await server.request(url);
    assert.equal(res.status, 200, url);
    assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    const html = await res.text();
    assert.match(html, /<script type="module" src="\/assets\/app\.js"><\/script>/);
    // The only script element is the external module: nothing inline, no handlers, no style attributes.
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.doesNotMatch(html, /\son[a-z]+=|style=/i);
  }
  const csp = CONTENT_SECURITY_POLICY;
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
});

test('assets are served from the build with types and caching; unknown names and traversal are 404', async () => {
  const js = await server.request('/assets/app.js');
  assert.equal(js.status, 200, 'run npm run build first');
  assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
  assert.equal(js.headers.get('cache-control'), 'no-cache');
  const css = await server.request('/assets/app.css');
  assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
  for (const bad of ['/assets/nope.js', '/assets/..%2Fpackage.json', '/assets/%2E%2E%2Fsrc%2Fweb%2Fmain.ts']) {
    assert.equal((await server.request(bad)).status, 404, bad);
  }
});

test('pages answer 503 with a clear message when the client is not built', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'briefly-web-'));
  try {
    const a = new Hono();
    mountWeb(a, { assetsDir: dir });
    const res = await a.request('/');
    assert.equal(res.status, 503);
    assert.match(await res.text(), /npm run build/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('POST /api/explain takes JSON text, JSON html, raw text/plain, and checks its input', async () => {
  const text = 'Prime Minister Karl Tamm said on Monday that the grid would open in 2026. “We will not wait,” Tamm said.';
  const a = await json<{ article: { text: string }; quotes: unknown[] }>('/api/explain?date=2024-05-06', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }),
  });
  assert.equal(a.status, 200);
  assert.equal(a.body.article.text, text);
  assert.ok(a.body.quotes.length >= 1);
  const b = await server.request('/api/explain', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text });
  assert.equal(b.status, 200);
  const page = `<html><head><title>Grid</title></head><body><article><p>${text}</p><p>${text}</p></article></body></html>`;
  const c = await json<{ article: { source: string } }>('/api/explain', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ html: page }) });
  assert.equal(c.status, 200);
  assert.equal(c.body.article.source, 'html');

  const errors: [RequestInit, number, string][] = [
    [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text": ' }, 400, 'BAD_OPTION'],
    [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"nothing": 1}' }, 400, 'BAD_OPTION'],
    [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text": "   "}' }, 400, 'EMPTY_INPUT'],
    [{ method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(60_000) }, 413, 'INPUT_TOO_LARGE'],
    [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"url": "ftp://example.org/a"}' }, 400, 'BAD_OPTION'],
    [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"url": "http://127.0.0.1:1/a"}' }, 400, 'BLOCKED_URL'],
  ];
  for (const [init, status, code] of errors) {
    const r = await json<{ error: { code: string; message: string } }>('/api/explain', init);
    assert.equal(r.status, status, String(init.body).slice(0, 40));
    assert.equal(r.body.error.code, code);
    assert.ok(r.body.error.message.length > 0);
  }
  const badDate = await json<{ error: { code: string } }>('/api/explain?date=2023-02-30', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text });
  assert.equal(badDate.status, 400);
  assert.equal(badDate.body.error.code, 'BAD_OPTION');
});

test('the development API answers the contract over the example corpus', async () => {
  const all = await json<ArticleList>('/api/articles');
  assert.equal(all.body.total, articles.length);
  assert.deepEqual(all.body.items.map((i) => i.publishedAt?.slice(0, 10)), ['2024-11-05', '2024-09-20', '2024-07-02', '2024-06-14']);
  assert.equal((await json<ArticleList>('/api/articles?entity=Karl%20Tamm')).body.total, 2);
  assert.equal((await json<ArticleList>('/api/articles?outlet=baltic%20wire')).body.total, 2);
  assert.equal((await json<ArticleList>('/api/articles?from=2024-09-01&to=2024-12-31')).body.total, 2);
  const words = await json<ArticleList>('/api/articles?q=transformers');
  assert.deepEqual(words.body.items.map((i) => i.id), ['grid-delay']);
  assert.match(words.body.items[0]?.snippet ?? '', /transformers/);
  assert.equal((await json<ArticleList>('/api/articles?limit=1&offset=1')).body.items.length, 1);

  const one = await json<{ id: string; brief: { article: { title: string } } }>('/api/articles/grid-deal');
  assert.equal(one.body.brief.article.title, 'Estonia and Latvia sign grid deal in Riga');
  const missing = await json<{ error: { code: string } }>('/api/articles/nope');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'NOT_FOUND');

  const people = await json<PeopleList>('/api/people');
  const tamm = people.body.items.find((p) => p.name === 'Karl Tamm');
  assert.deepEqual(tamm?.roles, ['Prime Minister', 'Foreign Minister']);
  assert.equal(tamm?.articles, 2);

  const entity = await json<EntityDetail>('/api/entities/Karl%20Tamm');
  assert.deepEqual(entity.body.roles.map((r) => [r.date, r.role]), [['2024-06-14', 'Prime Minister'], ['2024-09-20', 'Foreign Minister']]);
  assert.ok(entity.body.quotes.length >= 2);
  for (const q of entity.body.quotes) {
    const brief = articles.find((x) => x.id === q.articleId)?.brief;
    // A quote split by its attribution joins its pieces with " … "; the offsets cover all of them.
    const first = q.text.split(' … ')[0] ?? '';
    assert.ok(brief?.article.text.slice(q.start ?? 0, q.end ?? 0).startsWith(first), 'quote offsets point at the quote');
  }
  assert.equal((await json<{ error: { code: string } }>('/api/entities/Nobody%20Here')).status, 404);

  const quotes = await json<QuoteList>('/api/quotes?speaker=Liga%20Ozola');
  assert.ok(quotes.body.total >= 3);
  assert.ok(quotes.body.items.every((q) => q.speakerName === 'Liga Ozola' && q.outlet !== null && q.date !== null));

  const graph = await json<GraphData>('/api/graph');
  const ids = new Set(graph.body.nodes.map((n) => n.id));
  assert.ok(ids.has('Karl Tamm') && ids.has('Latvia'));
  assert.ok(graph.body.edges.every((e) => ids.has(e.source) && ids.has(e.target)));
  assert.ok(graph.body.edges.some((e) => e.kind === 'quote'));
  const autumn = await json<GraphData>('/api/graph?from=2024-11-01');
  assert.ok(autumn.body.nodes.length < graph.body.nodes.length);
  assert.ok(!autumn.body.nodes.some((n) => n.id === 'Karl Tamm'), 'Tamm is not named in November');
});

test('paragraphRanges splits on blank lines and keeps offsets', () => {
  const text = 'One.\n\nTwo two.\n \nThree';
  assert.deepEqual(paragraphRanges(text).map(([s, e]) => text.slice(s, e)), ['One.', 'Two two.', 'Three']);
});

test('a corpus folder may hold text files too', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'briefly-corpus-'));
  try {
    writeFileSync(path.join(dir, 'note.txt'), 'Mayor Anna Kivi said the bridge would reopen in June.\n\nThe council agreed.');
    const [a] = loadCorpusDir(dir);
    assert.equal(a?.id, 'note');
    assert.match(a?.brief.article.text ?? '', /bridge/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
