/**
 * Each stage tested alone: table rows of [input, expectation], run through
 * only the stages the one under test needs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runPipeline, selectStages } from '../pipeline.js';
import type { Doc } from './types.js';
import { findDates } from './timeline/index.js';

function analyse(text: string, stages: string[], referenceDate: string | null = null): Doc {
  return runPipeline({ text, referenceDate, extras: [], layers: {} }, selectStages(stages));
}
const BASE = ['paragraphs', 'sentences', 'tokens', 'syntax', 'headings', 'quotations', 'entities'];

test('the runner refuses a stage whose input layer is missing', () => {
  assert.throws(() => analyse('Text.', ['quotes']), /reads layer/);
  assert.throws(() => selectStages(['nope']), /known stages: paragraphs/);
});

test('figures: money, percentages, hyphenated counts; years and dates are not figures', () => {
  const rows: [string, { text: string; value: number; unit: string }[]][] = [
    ['Trade could hit $200 billion by 2024.', [{ text: '$200 billion', value: 2e11, unit: 'USD' }]],
    ['Prices rose 4.5% in March and 30 percent overall.', [{ text: '4.5%', value: 4.5, unit: 'percent' }, { text: '30 percent', value: 30, unit: 'percent' }]],
    ['It released a 12-point plan after a three-day visit.', [{ text: '12-point', value: 12, unit: 'points' }, { text: 'three-day', value: 3, unit: 'days' }]],
    ['They met on February 4, 2022, to boost two-way trade.', []],
    ['Some 2,000 troops and €3.5m in aid arrived.', [{ text: '2,000 troops', value: 2000, unit: 'troops' }, { text: '€3.5m', value: 3.5e6, unit: 'EUR' }]],
  ];
  for (const [text, want] of rows) {
    const doc = analyse(text, [...BASE, 'quotes', 'sources', 'timeline', 'figures']);
    assert.deepEqual(doc.layers.figures!.map(({ text: t, value, unit }) => ({ text: t, value, unit })), want, text);
  }
});

test('dates: absolute ones always resolve, relative ones only with a reference date', () => {
  const rows: [string, string | null, { dateText: string; date: string | null }[]][] = [
    ['They met on February 4, 2022.', null, [{ dateText: 'February 4, 2022', date: '2022-02-04' }]],
    ['Xi arrived Monday.', null, [{ dateText: 'Monday', date: null }]],
    ['Xi arrived Monday.', '2023-03-20', [{ dateText: 'Monday', date: '2023-03-20' }]],
    ['Russia invaded Ukraine last year.', '2023-03-20', [{ dateText: 'last year', date: '2022' }]],
    ['A February report said so.', '2023-03-20', [{ dateText: 'February', date: '2023-02' }]],
    ['Trade may rise by 2024.', null, [{ dateText: '2024', date: '2024' }]],
  ];
  for (const [text, ref, want] of rows) {
    assert.deepEqual(findDates(text, ref).map(({ dateText, date }) => ({ dateText, date })), want, `${text} (${ref})`);
  }
});

test('quotes: split quotes, pronouns, scare quotes, indirect speech', () => {
  const text = [
    'Prime Minister Anna Berg met Tomas Lind, a senior analyst at the Baltic Policy Institute, on Monday.',
    '“We are ready to talk,” Berg said. “But not at any price.”',
    'Lind called the offer a “gesture” and said the talks would probably fail. He added that both sides wanted more time.',
    'The economy will shrink this year, the institute said.',
  ].join('\n\n');
  const doc = analyse(text, [...BASE, 'quotes']);
  const quotes = doc.layers.quotes!;
  const split = quotes.find((q) => q.text.includes('We are ready'));
  assert.ok(split);
  assert.equal(split.speakerName, 'Anna Berg');
  assert.equal(split.fragments.length, 2);
  // "called the offer a “gesture”" is Lind's characterisation: a mixed attribution (as PolNeAR counts it), kept apart from the speech after "and said".
  const called = quotes.find((q) => q.cue === 'called');
  assert.equal(called?.kind, 'mixed');
  assert.equal(called?.speakerName, 'Tomas Lind');
  assert.ok(!called?.text.includes('talks would'), 'a coordinated cue starts its own attribution');
  const fail = quotes.find((q) => q.text.includes('talks would probably fail'));
  assert.equal(fail?.speakerName, 'Tomas Lind', 'the coordinated cue shares the subject');
  const added = quotes.find((q) => q.text.includes('both sides wanted more time'));
  assert.equal(added?.speakerName, 'Tomas Lind');
  assert.equal(added?.kind, 'indirect');
  assert.equal(text.slice(added!.speakerMention!.start, added!.speakerMention!.end), 'He');
  const inst = quotes.find((q) => q.text.includes('economy will shrink'));
  assert.equal(inst?.speakerName, 'Baltic Policy Institute');
  const lind = doc.layers.entities!.entities.find((e) => e.name === 'Tomas Lind');
  assert.equal(lind?.role, 'senior analyst');
  assert.equal(lind?.affiliation, 'Baltic Policy Institute');
});
