/** Phrase gazetteer: longest match, case rules, connectors; and the built file loads. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Gazetteer, loadGazetteer } from './gazetteer.js';
import { wordInfo } from './word-info.js';

const g = new Gazetteer({ country: ['new zealand', 'turkey'], place: ['new york', 'new york city'], org: ['bank of lindholm'], given: ['karin'] });

test('longest match wins; flags mark first and later words', () => {
  assert.deepEqual(g.flags(['New', 'York', 'City', 'council']), ['place', 'place+', 'place+', '']);
  assert.deepEqual(g.flags(['in', 'New', 'Zealand']), ['', 'country', 'country+']);
  assert.deepEqual(g.flags(['NEW', 'ZEALAND']), ['country', 'country+'], 'headlines in capitals match');
});

test('a match starts with a word not in lower case and holds lower-case connectors only', () => {
  assert.deepEqual(g.flags(['roast', 'turkey']), ['', ''], 'the bird is not the country');
  assert.deepEqual(g.flags(['the', 'Bank', 'of', 'Lindholm']), ['', 'org', 'org+', 'org+']);
  assert.deepEqual(g.matches(['Karin', 'Vos']), [[0, 1, ['given']]]);
});

test('flags joined in place: only matched words change, each joined to its own flags', () => {
  const words = ['Karin', 'met', 'the', 'Bank', 'of', 'Lindholm'];
  const own = ['first', '', 'x', 'dm', '', 'dm'];
  const into = [...own];
  g.addFlags(words.map(wordInfo), into, (a, b) => `${a}|${b}`);
  assert.deepEqual(into, ['first|given', '', 'x', 'dm|org', '|org+', 'dm|org+']);
  // The plain flags are the same matches joined to nothing.
  assert.deepEqual(g.flags(words), ['given', '', '', 'org', 'org+', 'org+']);
});

test('the project gazetteer loads and knows countries and people', () => {
  const built = loadGazetteer();
  assert.ok(built !== null, 'data/gazetteers/ner.json is committed');
  assert.deepEqual(built.flags(['Burkina', 'Faso']), ['country', 'country+']);
  assert.ok(built.categories.includes('person'));
});
