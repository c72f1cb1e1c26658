/**
 * The explain pool: records explained in threads come back to their own callers; failures are results;
 * a record over the time limit fails alone and the pool goes on with a fresh thread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateArticles } from '../../../test/corpus/fixtures.js';
import { ExplainPool } from './explain-pool.js';
import type { ArticleRecord } from './records.js';

function record(key: string, content: string): ArticleRecord {
  return { kind: 'article', key, origin: key, format: 'text', content, url: null, source: null, title: null, publishedAt: '2024-03-04' };
}

test('explain pool: each record gets its own prepared article; an empty one fails with its reason', async () => {
  const pool = new ExplainPool({ threads: 2, nearDuplicates: true });
  try {
    const arts = generateArticles(6, 17);
    const recs = [...arts.map((a) => record(`k:${a.id}`, a.text)), record('k:empty', '   ')];
    const results = await Promise.all(recs.map((r) => pool.run(r)));
    results.slice(0, arts.length).forEach((r, i) => {
      assert.ok(r.ok);
      assert.equal(r.article.key, recs[i]!.key);
      assert.equal(r.article.text, arts[i]!.text);
      assert.equal(r.article.signature.length, 64);
      assert.ok(r.article.entities.length > 0);
    });
    assert.deepEqual(results.at(-1), { ok: false, code: 'EMPTY_INPUT', message: 'The input is empty: give the text of an article.' });
  } finally {
    await pool.close();
  }
});

test('explain pool: a record over the time limit fails alone; the next record is explained by a fresh thread', async () => {
  // A very long article (2,000 generated articles in one text, 1.4 MB) takes many seconds; a normal one tens of
  // milliseconds once warm, a few hundred on a cold, busy machine.
  const arts = generateArticles(2000, 23);
  const huge = arts.map((a) => a.text).join('\n\n');
  const pool = new ExplainPool({ threads: 1, nearDuplicates: false, timeoutMs: 1500 });
  try {
    const slow = await pool.run(record('k:huge', huge));
    assert.equal(slow.ok, false);
    assert.ok(!slow.ok && slow.code === 'PIPELINE_ERROR' && /longer than 1.5 s/.test(slow.message), JSON.stringify(slow));
    const next = await pool.run(record('k:next', arts[0]!.text));
    assert.ok(next.ok, JSON.stringify(next).slice(0, 300));
    assert.equal(next.article.signature.length, 0, 'no MinHash when near duplicates are off');
  } finally {
    await pool.close();
  }
});
