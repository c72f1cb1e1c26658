import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findOverlapping, firstStartingAt, spansWithin } from './span.js';

const spans = [{ start: 0, end: 5, k: 'a' }, { start: 3, end: 20, k: 'b' }, { start: 10, end: 12, k: 'c' }, { start: 30, end: 35, k: 'd' }];

test('binary searches over spans sorted by start', () => {
  assert.equal(firstStartingAt(spans, 4), 2);
  assert.equal(firstStartingAt(spans, 99), 4);
  assert.deepEqual(spansWithin(spans, { start: 3, end: 20 }).map((s) => s.k), ['b', 'c']);
  // "b" starts 8 before 11: found only when the longest span is allowed for.
  assert.equal(findOverlapping(spans, { start: 11, end: 13 }, 17)?.k, 'b');
  assert.equal(findOverlapping(spans, { start: 11, end: 13 }, 17, (s) => s.k !== 'b')?.k, 'c');
  assert.equal(findOverlapping(spans, { start: 21, end: 29 }, 17), undefined);
});
