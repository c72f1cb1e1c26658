/** Leaders gazetteer (data/gazetteers/leaders.json): names resolved on a date. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveLeader } from './leaders.js';

test('"Xi" in 2023 is Xi Jinping, China, head of state', () => {
  const xi = resolveLeader('Xi', '2023-03-20');
  assert.ok(xi !== null);
  assert.equal(xi.name, 'Xi Jinping');
  assert.equal(xi.country, 'CHN');
  assert.equal(xi.office, 'President');
  assert.equal(xi.position, 'head of state');
});

test('full names and surnames; nobody out of office on the date', () => {
  assert.equal(resolveLeader('Vladimir Putin', '2023-03-20')?.country, 'RUS');
  assert.equal(resolveLeader('Putin', '2023-03-20')?.name, 'Vladimir Putin');
  assert.equal(resolveLeader('Xi', '1990-01-01'), null, 'not yet in government in 1990');
  assert.equal(resolveLeader('Lindholm', '2023-03-20'), null);
});

test('a given name alone names no leader; a family name written first does', () => {
  // "Grain Wyson Malunga" is a Malawian official: "Grain" alone is a common word, not him.
  assert.equal(resolveLeader('Grain', null), null);
  assert.equal(resolveLeader('Malunga', null)?.country, 'MWI');
  assert.equal(resolveLeader('Xi', '2023-03-20')?.name, 'Xi Jinping');
});
