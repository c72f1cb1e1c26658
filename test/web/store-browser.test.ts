// The web UI over the real server: createApp (src/server/app.ts) with a SQLite corpus store holding the
// example corpus (test/web/corpus) and the hostile page, in Chromium. Checks that the pages work on the
// store's answers (its ids, rows and errors), not only on the in-memory development API.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServerType } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import type { Brief } from '../../src/brief/schema.js';
import { projectRoot } from '../../src/data/paths.js';
import { createApp } from '../../src/server/app.js';
import { explainFile, loadCorpusDir } from '../../src/server/web/dev-api.js';
import { close, listen } from '../../src/server/web/dev-server.js';
import { openStore } from '../../src/store/index.js';
import type { CorpusStore } from '../../src/store/types.js';
import { ARGS, artifacts, CHROMIUM, done, expectedHighlight, haveChromium, highlightState, open as openPage, shot, skip, type Watched } from './harness.js';

const root = projectRoot();
let browser: Browser;
let server: ServerType;
let base: string;
let store: CorpusStore;
let tmp: string;
/** Our corpus id (file name) → the store's id, and the brief we stored. */
const ids = new Map<string, string>();
const briefs = new Map<string, Brief>();

const open = (pathname: string, viewport?: { width: number; height: number }): Promise<Watched> => openPage(browser, base, pathname, viewport);

describe('web UI over createApp and a SQLite store, in Chromium', { skip, timeout: 300_000 }, () => {
  before(async () => {
    if (!haveChromium) throw new Error(`CI=true but no Chromium at ${CHROMIUM}: .ci/run must install Debian's chromium`);
    mkdirSync(artifacts, { recursive: true });
    tmp = mkdtempSync(path.join(os.tmpdir(), 'briefly-web-store-'));
    store = await openStore(path.join(tmp, 'corpus.db'));
    const articles = loadCorpusDir(path.join(root, 'test', 'web', 'corpus'));
    articles.push({ id: 'hostile', brief: explainFile(path.join(root, 'test', 'web', 'hostile', 'hostile.html')) });
    for (const { id, brief } of articles) {
      const a = brief.article;
      const outcome = await store.addArticle({ key: `web-test:${id}`, source: a.publisher, url: a.url ?? null, title: a.title, publishedAt: a.publishedAt, brief });
      assert.equal(outcome.status, 'ingested', id);
      ids.set(id, (outcome as { id: string }).id);
      briefs.set(id, brief);
    }
    ({ server, url: base } = await listen(createApp({ store })));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  });

  after(async () => {
    await browser?.close();
    if (server !== undefined) await close(server);
    await store?.close();
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  });

  test('home page lists the stored articles', async () => {
    const w = await open('/');
    const links = await w.page.locator('.article-list a').allTextContents();
    assert.ok(links.includes('Estonia and Latvia sign grid deal in Riga'), links.join(' | '));
    await shot(w, 'store-home');
    await done(w);
  });

  test('article page from the store: every evidence item highlights its span', async () => {
    const b = briefs.get('grid-deal') as Brief;
    const w = await open(`/a/${encodeURIComponent(ids.get('grid-deal') as string)}`);
    const { page } = w;
    assert.equal(await page.locator('h1').first().textContent(), b.article.title);
    const buttons = page.locator('button.ev');
    const n = await buttons.count();
    assert.ok(n >= 10, `${n} items`);
    for (let i = 0; i < n; i++) {
      await buttons.nth(i).click();
      const start = Number(await buttons.nth(i).getAttribute('data-start'));
      const end = Number(await buttons.nth(i).getAttribute('data-end'));
      const state = await highlightState(page);
      assert.equal(state.text, expectedHighlight(b, start, end), `item ${i}`);
      assert.ok(state.visible, `item ${i} in view`);
    }
    await shot(w, 'store-article');
    await done(w);
  });

  test('person page from the store: roles and quotes with date and outlet; links open the evidence', async () => {
    const w = await open('/person/Karl%20Tamm');
    const { page } = w;
    assert.equal(await page.locator('h1').textContent(), 'Karl Tamm');
    const roles = await page.locator('table.roles tbody td:nth-child(2)').allTextContents();
    assert.ok(roles.includes('Prime Minister') && roles.includes('Foreign Minister'), roles.join(' | '));
    const quotes = await page.locator('section.sec-quotes li').allTextContents();
    assert.ok(quotes.some((q) => q.includes('Baltic Wire') && q.includes('2024-06-14')), quotes.join(' | '));
    await shot(w, 'store-person');
    const link = page.locator('section.sec-quotes li a').first();
    const href = (await link.getAttribute('href')) ?? '';
    const m = /^\/a\/([^#]+)#ev=(\d+)-(\d+)$/.exec(href);
    assert.ok(m, href);
    const ourId = [...ids].find(([, storeId]) => storeId === decodeURIComponent(m[1] as string))?.[0] as string;
    await link.click();
    await page.waitForSelector('.article-text span.hl');
    assert.equal((await highlightState(page)).text, expectedHighlight(briefs.get(ourId) as Brief, Number(m[2]), Number(m[3])));
    await done(w);
  });

  test('entity, people, search and graph pages on the store', async () => {
    const entity = await open('/entity/Baltic%20Energy%20Council');
    assert.equal(await entity.page.locator('h1').textContent(), 'Baltic Energy Council');
    await shot(entity, 'store-entity');
    await done(entity);

    const people = await open('/people');
    const names = await people.page.locator('.people-list a').allTextContents();
    assert.ok(names.includes('Liga Ozola'), names.join(' | '));
    await done(people);

    const search = await open('/search?entity=Karl+Tamm');
    const titles = (await search.page.locator('.article-list a').allTextContents()).sort();
    assert.deepEqual(titles, ['Estonia and Latvia sign grid deal in Riga', 'Tamm moves to foreign ministry as Mets takes over in Tallinn']);
    await shot(search, 'store-search');
    await done(search);

    const graph = await open('/graph');
    await graph.page.waitForSelector('#graph canvas');
    const all = Number(await graph.page.locator('main').getAttribute('data-nodes'));
    assert.ok(all >= 5, `${all} nodes`);
    await shot(graph, 'store-graph');
    await done(graph);
    const autumn = await open('/graph?from=2024-11-01');
    const fewer = Number(await autumn.page.locator('main').getAttribute('data-nodes'));
    assert.ok(fewer > 0 && fewer < all, `${fewer} of ${all}`);
    await done(autumn);
  });

  test('graph: countries of coded events, and a dyad chart and table for a chosen pair (issue 8)', async () => {
    const w = await open('/graph');
    const { page } = w;
    await page.waitForSelector('#graph canvas');
    // The corpus's events between countries (as stored) are the pairs listed under the drawing.
    const pairs = new Set<string>();
    for await (const row of store.exportRows('events')) {
      const s = String(row.sourceCode).slice(0, 3);
      const t = String(row.targetCode).slice(0, 3);
      if (s !== t && s !== '---' && t !== '---' && !row.negated) pairs.add([s, t].sort().join(' '));
    }
    assert.ok(pairs.size >= 1, 'the example corpus has events between countries');
    assert.equal(await page.locator('button.dyad-button').count(), pairs.size);
    await page.locator('button.dyad-button').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#dyad table.dyad-table tbody tr');
    const rows = await page.locator('#dyad table.dyad-table tbody tr').count();
    assert.equal(Number(await page.locator('#dyad').getAttribute('data-periods')), rows);
    assert.ok(rows >= 1);
    assert.ok((await page.locator('#dyad svg.dyad-chart rect').count()) >= 1);
    assert.match(await page.locator('#dyad caption').textContent() ?? '', / and .*: \d+ events? by month/);
    await shot(w, 'store-graph-dyad');
    await done(w);
  });

  test('the hostile page stored in the corpus renders inert', async () => {
    const w = await open(`/a/${encodeURIComponent(ids.get('hostile') as string)}`);
    const { page } = w;
    for (let i = 0, n = await page.locator('button.ev').count(); i < n; i++) await page.locator('button.ev').nth(i).click();
    await page.waitForTimeout(300);
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
      scripts: [...document.scripts].map((s) => s.getAttribute('src')),
      handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
      badLinks: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '').filter((h) => !/^(\/|#|\?|https?:)/i.test(h)),
    }));
    assert.deepEqual(state, { pwned: null, scripts: ['/assets/app.js'], handlers: [], badLinks: [] });
    assert.match((await page.locator('h1').first().textContent()) ?? '', /^<img src=x onerror=/);
    await done(w);
  });

  test('paste an article through the real POST /api/explain', async () => {
    const w = await open('/');
    await w.page.fill('#paste', 'Mayor Anna Kivi said on Monday that the bridge would reopen in June. “We are nearly there,” Kivi said.\n\nThe council will vote next week.');
    await w.page.fill('#date', '2024-05-06');
    await w.page.click('button[type="submit"]');
    await w.page.waitForSelector('#result .article-layout', { timeout: 30_000 });
    assert.ok((await w.page.locator('#result section.sec-quotes').count()) === 1);
    await done(w);
  });
});
