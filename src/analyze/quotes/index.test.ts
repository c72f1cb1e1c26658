/**
 * The quotes stage's own steps (index.ts), on sentences written for this test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runPipeline, selectStages } from '../../pipeline.js';
import type { Quote } from '../../brief/schema.js';
import { withoutNestedRepeats } from './index.js';

const STAGES = ['paragraphs', 'sentences', 'tokens', 'syntax', 'headings', 'quotations', 'entities', 'quotes'];

function quotesOf(text: string): Quote[] {
  return runPipeline({ text, referenceDate: null, extras: [], layers: {} }, selectStages(STAGES)).layers.quotes!;
}

const INTRO = 'Lena Ortiz, the mayor of Riverton, and Tomas Hale, a senior engineer at the Harbor Authority, met on Monday.\n\n';
const said = (text: string, q: Quote): string => (q.speakerMention ? text.slice(q.speakerMention.start, q.speakerMention.end) : '-');

test('"…,” X said, adding, “…”: two quotes of the same speaker, the second with the participle as its cue', () => {
  const text = `${INTRO}“The ferry will run until the bridge opens,” Ortiz said, adding, “Nobody will be stranded on the island.”`;
  const quotes = quotesOf(text).filter((q) => q.kind !== 'indirect');
  assert.equal(quotes.length, 2, JSON.stringify(quotes.map((q) => q.text)));
  assert.ok(quotes[0]!.text.includes('ferry will run') && !quotes[0]!.text.includes('stranded'));
  assert.ok(quotes[1]!.text.includes('Nobody will be stranded'));
  assert.equal(quotes[1]!.cue, 'adding');
  assert.equal(said(text, quotes[0]!), 'Ortiz');
  assert.equal(said(text, quotes[1]!), 'Ortiz');
});

test('"…,” X said. “…”: still one quote in two fragments', () => {
  const text = `${INTRO}“The ferry will run until the bridge opens,” Ortiz said. “Nobody will be stranded on the island.”`;
  const quotes = quotesOf(text).filter((q) => q.kind !== 'indirect');
  assert.equal(quotes.length, 1);
  assert.equal(quotes[0]!.fragments.length, 2);
});

test('a description with a name in apposition is that person; a name that opens a clause after a comma is not', () => {
  const text = `${INTRO}The plan’s author, Councilwoman Ada Brenner, said she was “stunned” by the vote. According to the tally, Ortiz leads by two seats.`;
  const quotes = quotesOf(text);
  const stunned = quotes.find((q) => q.text.includes('stunned'));
  assert.ok(stunned, JSON.stringify(quotes.map((q) => q.text)));
  assert.equal(said(text, stunned), 'The plan’s author');
  assert.equal(stunned.speakerName, 'Ada Brenner');
  const tally = quotes.find((q) => q.text.includes('leads by two seats'));
  assert.ok(tally, JSON.stringify(quotes.map((q) => q.text)));
  assert.notEqual(tally.speakerName, 'Lena Ortiz');
});

test('a quote wholly inside another quote of the same speaker is not listed again', () => {
  // The headline's "name and colon" quote holds the "believe" clause, a second frame over the same words.
  const text = 'Ortiz: I Still Believe Hale Can’t Be Trusted with the Harbor Budget\n\nLena Ortiz, the mayor of Riverton, spoke on Monday.';
  const quotes = quotesOf(text).filter((q) => q.text.includes('Harbor Budget'));
  assert.equal(quotes.length, 1, JSON.stringify(quotes.map((q) => q.text)));
  assert.ok(quotes[0]!.text.startsWith('I Still Believe'));
  assert.equal(said(text, quotes[0]!), 'Ortiz');
});

test('withoutNestedRepeats: a nested quote of another speaker, or with the same content, stays', () => {
  const text = 'Ortiz said that Hale called the plan “a slow disaster” for the island.';
  const span = (w: string): { start: number; end: number } => ({ start: text.indexOf(w), end: text.indexOf(w) + w.length });
  const quote = (content: string, speaker: string, entity: string | null): Quote => {
    const c = span(content);
    return { text: content, start: c.start, end: c.end, kind: 'mixed', speaker: entity, speakerName: null, speakerMention: span(speaker), cue: null, cueSpan: null, cueType: null, fragments: [c], reason: '' };
  };
  const outer = quote('that Hale called the plan “a slow disaster” for the island', 'Ortiz', 'e1');
  const innerOther = quote('“a slow disaster”', 'Hale', 'e2');
  const innerSame = { ...quote('“a slow disaster”', 'Ortiz', 'e1') };
  assert.deepEqual(withoutNestedRepeats(text, [outer, innerOther]), [outer, innerOther]);
  assert.deepEqual(withoutNestedRepeats(text, [outer, innerSame]), [outer]);
  assert.deepEqual(withoutNestedRepeats(text, [outer, { ...outer }]).length, 2);
});
