import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { explain } from '../explain.js';
import { generateArticles, syndicatedCopy, type FixtureArticle } from '../../test/corpus/fixtures.js';
import { minhashSignature, signatureSimilarity, NEAR_DUPLICATE_THRESHOLD, contentHash } from './dedup.js';
import { openSqliteStore } from './sqlite.js';
import type { AddOutcome, NewArticle } from './types.js';

function toNew(a: FixtureArticle, key = `test:${a.id}`): NewArticle {
  const brief = explain(a.text, { referenceDate: a.publishedAt });
  brief.article.title ??= a.title;
  brief.article.publishedAt ??= a.publishedAt;
  return { key, source: a.source, url: a.url, title: a.title, publishedAt: a.publishedAt, brief };
}

const articles = generateArticles(24, 5);

test('MinHash: a syndicated copy is a near duplicate; different generated articles are not', () => {
  for (const a of articles.slice(0, 8)) {
    const sim = signatureSimilarity(minhashSignature(a.text), minhashSignature(syndicatedCopy(a).text));
    assert.ok(sim >= NEAR_DUPLICATE_THRESHOLD, `copy of ${a.id}: ${sim}`);
  }
  let max = 0;
  for (let i = 0; i < articles.length; i++) {
    for (let j = i + 1; j < articles.length; j++) max = Math.max(max, signatureSimilarity(minhashSignature(articles[i]!.text), minhashSignature(articles[j]!.text)));
  }
  assert.ok(max < NEAR_DUPLICATE_THRESHOLD, `most similar pair of distinct articles: ${max}`);
  assert.equal(contentHash('The  Grid, opens!'), contentHash('the grid opens'));
});

test('SQLite store: articles, exact and near duplicates, idempotent keys, queries', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'briefly-store-'));
  const store = openSqliteStore(path.join(dir, 'c.db'));
  try {
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    const outcomes: AddOutcome[] = [];
    for (const a of articles) outcomes.push(await store.addArticle(toNew(a)));
    assert.ok(outcomes.every((o) => o.status === 'ingested'));
    // Same key again: nothing written.
    assert.equal((await store.addArticle(toNew(articles[0]!))).status, 'exists');
    assert.ok(await store.hasKey(`test:${articles[0]!.id}`));
    // Same text under another key: an exact duplicate, linked.
    const exact = await store.addArticle(toNew({ ...articles[1]!, text: `${articles[1]!.text.replace(/\n\n/g, '\n\n\n')}` }, 'other:1'));
    assert.equal(exact.status, 'duplicate');
    assert.equal((exact as { duplicateOf: string }).duplicateOf, outcomes[1]!.id);
    // A syndicated copy with edits: a near duplicate.
    const near = await store.addArticle(toNew(syndicatedCopy(articles[2]!)));
    assert.equal(near.status, 'near-duplicate');
    assert.equal((near as { duplicateOf: string }).duplicateOf, outcomes[2]!.id);
    const stats = await store.stats();
    assert.equal(stats.articles, articles.length);
    assert.equal(stats.duplicates, 2);

    // The stored brief round-trips.
    const got = await store.getArticle(outcomes[3]!.id);
    const expected = toNew(articles[3]!).brief;
    assert.deepEqual(got?.brief, expected);
    // A duplicate's id resolves to its original.
    assert.equal((await store.getArticle(near.id))?.id, outcomes[2]!.id);
    assert.equal(await store.getArticle('nope'), null);

    // Search: the words of one title find that article first; filters narrow.
    const target = articles[5]!;
    const words = target.title.split(' ').slice(0, 3).join(' ');
    const found = await store.searchArticles({ q: words });
    assert.ok(found.total >= 1);
    assert.ok(found.items.some((i) => i.id === outcomes[5]!.id));
    assert.ok(found.items[0]!.snippet?.includes('«'));
    const byOutlet = await store.searchArticles({ outlet: target.source.toUpperCase(), limit: 500 });
    assert.equal(byOutlet.total, articles.filter((a) => a.source === target.source).length);
    const inMonth = await store.searchArticles({ from: target.publishedAt.slice(0, 7), to: target.publishedAt.slice(0, 7), limit: 500 });
    assert.equal(inMonth.total, articles.filter((a) => a.publishedAt.slice(0, 7) === target.publishedAt.slice(0, 7)).length);
    assert.equal((await store.searchArticles({ q: '"" (*) ^' })).total, 0);
    assert.ok((await store.searchArticles({ q: 'council NEAR( "budget' })).total >= 0); // FTS syntax in user input is not an error

    // People and entities: a person in two articles has both.
    const people = await store.listPeople({ limit: 500 });
    assert.ok(people.total > 0);
    const top = people.items[0]!;
    const entity = await store.getEntity(top.name.toUpperCase());
    assert.ok(entity);
    assert.equal(entity.name, top.name);
    assert.equal(entity.articles, top.articles);
    const articleIds = new Set(entity.roles.map((r) => r.articleId));
    assert.equal(articleIds.size, top.articles);
    for (const m of entity.mentions) {
      const b = (await store.getArticle(m.articleId))!.brief;
      assert.equal(b.article.text.slice(m.start, m.end), m.text);
    }
    const byEntity = await store.searchArticles({ entity: top.name, limit: 500 });
    assert.deepEqual(new Set(byEntity.items.map((i) => i.id)), articleIds);
    // Words and filters together: the matches of the words that pass the filters, in the words' ranked order, paged.
    const source = new Map(articles.map((a, i) => [outcomes[i]!.id, a]));
    let nonTrivial = 0;
    for (const q of ['council', 'said', 'strike workers']) {
      const all = (await store.searchArticles({ q, limit: 500 })).items.map((i) => i.id);
      const combos: { filter: Parameters<typeof store.searchArticles>[0]; keep: (id: string) => boolean }[] = [
        { filter: { outlet: target.source.toLowerCase() }, keep: (id) => source.get(id)?.source === target.source },
        { filter: { from: '2024-03', to: '2024-08-15' }, keep: (id) => (source.get(id)?.publishedAt ?? '') >= '2024-03' && (source.get(id)?.publishedAt ?? '') <= '2024-08-15' },
        { filter: { entity: top.name }, keep: (id) => articleIds.has(id) },
        { filter: { outlet: target.source, from: '2024-02-01' }, keep: (id) => source.get(id)?.source === target.source && (source.get(id)?.publishedAt ?? '') >= '2024-02-01' },
      ];
      for (const { filter, keep } of combos) {
        const expected = all.filter(keep);
        if (expected.length >= 3 && expected.length < all.length) nonTrivial++;
        const got = await store.searchArticles({ q, ...filter, limit: 500 });
        assert.equal(got.total, expected.length, `${q} ${JSON.stringify(filter)}`);
        assert.deepEqual(got.items.map((i) => i.id), expected, `${q} ${JSON.stringify(filter)}`);
        assert.ok(got.items.every((i) => i.snippet?.includes('«')));
        const page2 = await store.searchArticles({ q, ...filter, limit: 2, offset: 2 });
        assert.deepEqual(page2.items.map((i) => i.id), expected.slice(2, 4));
      }
    }
    assert.ok(nonTrivial >= 4, `filter combinations that keep some but not all matches: ${nonTrivial}`);
    const quotes = await store.quotesBySpeaker({ speaker: top.name, limit: 500 });
    assert.equal(quotes.total, top.quotes);
    for (const q of quotes.items) assert.ok(q.text.length > 0 && articleIds.has(q.articleId));

    const graph = await store.graph({ limit: 20 });
    assert.ok(graph.nodes.length > 0 && graph.edges.length > 0);
    const ids = new Set(graph.nodes.map((n) => n.id));
    assert.ok(graph.edges.every((e) => ids.has(e.source) && ids.has(e.target)));

    let exported = 0;
    for await (const row of store.exportRows('articles')) {
      exported++;
      assert.equal(typeof row.id, 'string');
    }
    assert.equal(exported, articles.length);
    let quoteRows = 0;
    for await (const _ of store.exportRows('quotes')) quoteRows++;
    assert.equal(quoteRows, stats.quotes);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
