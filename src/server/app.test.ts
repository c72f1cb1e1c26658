import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { explain } from '../explain.js';
import { BriefSchema } from '../brief/schema.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite.js';
import { generateArticles } from '../../test/corpus/fixtures.js';
import { createApp } from './app.js';
import * as S from './schemas.js';

let dir: string;
let store: SqliteStore;
const ids: string[] = [];
const arts = generateArticles(12, 91);

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'briefly-api-'));
  store = openSqliteStore(path.join(dir, 'api.db'));
  for (const a of arts) {
    const brief = explain(a.text, { referenceDate: a.publishedAt });
    const o = await store.addArticle({ key: `t:${a.id}`, source: a.source, url: a.url, title: a.title, publishedAt: a.publishedAt, brief });
    ids.push(o.id ?? '');
  }
});

after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function json(res: Response): Promise<unknown> {
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  return res.json();
}

test('GET endpoints answer in the contract shapes', async () => {
  const app = createApp({ store });
  const list = S.ArticlesResponseSchema.parse(await json(await app.request('/api/articles?limit=5')));
  assert.equal(list.total, arts.length);
  assert.equal(list.items.length, 5);
  const words = arts[4]!.title.split(' ').slice(0, 2).join(' ');
  const search = S.ArticlesResponseSchema.parse(await json(await app.request(`/api/articles?q=${encodeURIComponent(words)}`)));
  assert.ok(search.items.some((i) => i.id === ids[4]));
  const one = await app.request(`/api/articles/${ids[0]}`);
  assert.equal(one.status, 200);
  const art = S.ArticleResponseSchema.parse(await json(one));
  assert.equal(BriefSchema.parse(art.brief).article.text, arts[0]!.text);
  const people = S.PeopleResponseSchema.parse(await json(await app.request('/api/people?limit=3')));
  assert.ok(people.total > 0);
  const name = people.items[0]!.name;
  const ent = S.EntityResponseSchema.parse(await json(await app.request(`/api/entities/${encodeURIComponent(name)}`)));
  assert.equal(ent.name, name);
  assert.equal(ent.type, 'PERSON');
  const quotes = S.QuotesResponseSchema.parse(await json(await app.request(`/api/quotes?speaker=${encodeURIComponent(name)}`)));
  assert.equal(quotes.total, people.items[0]!.quotes);
  const graph = S.GraphResponseSchema.parse(await json(await app.request('/api/graph?from=2024-01-01&to=2024-12-31')));
  assert.ok(graph.nodes.length > 0);
});

test('errors are JSON with a status: 404, bad query 400, unknown route, wrong media type', async () => {
  const app = createApp({ store });
  const cases: [Promise<Response>, number, string][] = [
    [Promise.resolve(app.request('/api/articles/does-not-exist')), 404, 'NOT_FOUND'],
    [Promise.resolve(app.request('/api/entities/Nobody%20Here')), 404, 'NOT_FOUND'],
    [Promise.resolve(app.request('/api/articles?limit=0')), 400, 'BAD_REQUEST'],
    [Promise.resolve(app.request('/api/articles?limit=abc')), 400, 'BAD_REQUEST'],
    [Promise.resolve(app.request('/api/nothing')), 404, 'NOT_FOUND'],
    [Promise.resolve(app.request('/api/explain', { method: 'POST', body: 'x', headers: { 'content-type': 'image/png' } })), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [Promise.resolve(app.request('/api/explain', { method: 'POST', body: '{"text": ', headers: { 'content-type': 'application/json' } })), 400, 'BAD_REQUEST'],
    [Promise.resolve(app.request('/api/explain', { method: 'POST', body: '{"nope": 1}', headers: { 'content-type': 'application/json' } })), 400, 'BAD_REQUEST'],
    [Promise.resolve(app.request('/api/explain', { method: 'POST', body: '   ', headers: { 'content-type': 'text/plain' } })), 400, 'EMPTY_INPUT'],
    [Promise.resolve(app.request('/api/explain', { method: 'POST', body: '{"url": "http://127.0.0.1:9/x"}', headers: { 'content-type': 'application/json' } })), 403, 'BLOCKED_URL'],
  ];
  for (const [p, status, code] of cases) {
    const res = await p;
    const body = S.ErrorSchema.parse(await json(res));
    assert.equal(res.status, status, JSON.stringify(body));
    assert.equal(body.error.code, code);
    assert.ok(body.error.message.length > 0);
  }
});

test('POST /api/explain: JSON text, raw text and HTML, with ?date; works without a store', async () => {
  const app = createApp({ store: null });
  const a = arts[0]!;
  const r1 = await app.request('/api/explain?date=2024-05-06', { method: 'POST', body: JSON.stringify({ text: a.text }), headers: { 'content-type': 'application/json' } });
  assert.equal(r1.status, 200);
  const b1 = BriefSchema.parse(await r1.json());
  assert.deepEqual(b1, explain(a.text, { referenceDate: '2024-05-06' }));
  const r2 = await app.request('/api/explain', { method: 'POST', body: a.text, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  assert.equal(BriefSchema.parse(await r2.json()).article.text, b1.article.text);
  const r3 = await app.request('/api/explain', { method: 'POST', body: JSON.stringify({ html: `<html><body><article>${a.text.split('\n\n').map((p) => `<p>${p}</p>`).join('')}</article></body></html>`, url: 'https://x.example/a' }), headers: { 'content-type': 'application/json' } });
  assert.equal(r3.status, 200);
  assert.equal(BriefSchema.parse(await r3.json()).article.url, 'https://x.example/a');
  const noStore = await app.request('/api/articles');
  assert.equal(noStore.status, 503);
  assert.equal(S.ErrorSchema.parse(await noStore.json()).error.code, 'NO_STORE');
});

test('body size limit: 413 JSON error', async () => {
  const app = createApp({ store, maxBodyBytes: 1000 });
  const res = await app.request('/api/explain', { method: 'POST', body: 'x'.repeat(5000), headers: { 'content-type': 'text/plain' } });
  assert.equal(res.status, 413);
  assert.equal(S.ErrorSchema.parse(await res.json()).error.code, 'INPUT_TOO_LARGE');
});

test('OpenAPI document lists every endpoint with schemas from the code', async () => {
  const app = createApp({ store });
  const doc = (await (await app.request('/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, { parameters?: { name: string }[]; responses: Record<string, unknown> }>> };
  assert.match(doc.openapi, /^3\./);
  for (const p of ['/api/explain', '/api/articles', '/api/articles/{id}', '/api/people', '/api/entities/{name}', '/api/quotes', '/api/graph']) assert.ok(doc.paths[p], p);
  assert.deepEqual(doc.paths['/api/articles']!.get!.parameters!.map((x) => x.name), Object.keys(S.ArticlesQuerySchema.shape));
  const schema = JSON.stringify(doc.paths['/api/articles/{id}']!.get!.responses['200']);
  assert.ok(schema.includes('schemaVersion') && schema.includes('speakerMention'));
});

test('on loopback: concurrent requests are bounded (503 BUSY beyond the limit), the rest succeed', async () => {
  const app = createApp({ store, maxConcurrency: 2 });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const { port } = server.address() as AddressInfo;
  try {
    const base = `http://127.0.0.1:${port}`;
    const big = generateArticles(40, 3).map((a) => a.text).join('\n\n');
    const responses = await Promise.all(Array.from({ length: 6 }, () => fetch(`${base}/api/explain`, { method: 'POST', body: big, headers: { 'content-type': 'text/plain' } })));
    const statuses = responses.map((r) => r.status);
    for (const r of responses) await r.arrayBuffer();
    assert.ok(statuses.every((s) => s === 200 || s === 503), statuses.join(','));
    assert.ok(statuses.filter((s) => s === 200).length >= 2, statuses.join(','));
    const ok = await fetch(`${base}/api/articles?q=council`);
    assert.equal(ok.status, 200);
    S.ArticlesResponseSchema.parse(await ok.json());
  } finally {
    await new Promise((r) => server.close(r));
  }
});
