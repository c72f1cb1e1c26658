import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TwoGenerationCache, TwoGenerationPairCache } from './two-generation-cache.js';

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

test('two-generation pair cache: the same policy over (a, b) keys', () => {
  const cache = new TwoGenerationPairCache<number>(4); // generations of 2 pairs
  cache.set('x', 'a', 1);
  cache.set('x', 'a', 1); // already held: no growth
  cache.set('y', 'a', 2); // young full: becomes old
  assert.equal(cache.get('x', 'a'), 1, 'found in the old generation and promoted');
  assert.equal(cache.get('x', 'b'), undefined);
  cache.set('x', 'c', 3); // young {x a, x c} full: becomes old, {y a} is dropped
  assert.equal(cache.get('y', 'a'), undefined);
  assert.equal(cache.get('x', 'a'), 1);
  assert.equal(cache.get('x', 'c'), 3);
});
