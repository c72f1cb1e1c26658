import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TwoGenerationCache } from './two-generation-cache.js';

test('two-generation cache: keys in use are promoted and kept, keys not met for a generation are dropped', () => {
  const cache = new TwoGenerationCache<number>(4); // generations of 2
  cache.set('a', 1);
  cache.set('b', 2); // young full: {a, b} becomes old
  assert.equal(cache.get('a'), 1, 'found in the old generation and promoted');
  cache.set('c', 3); // young {a, c} full: becomes old, {b} is dropped
  assert.equal(cache.get('b'), undefined);
  assert.equal(cache.get('a'), 1);
  assert.equal(cache.get('c'), 3);
});
