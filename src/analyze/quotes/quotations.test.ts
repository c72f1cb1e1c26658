/** Quotation marks found per paragraph: double marks, and single marks outside them. Sentences written for this test. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findQuotations } from './quotations.js';
import type { Span } from '../../text/span.js';

function paragraphsOf(text: string): Span[] {
  const out: Span[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    if (line.length > 0) out.push({ start: at, end: at + line.length });
    at += line.length + 1;
  }
  return out;
}

const inners = (text: string): string[] => findQuotations(text, paragraphsOf(text)).map((q) => text.slice(q.inner.start, q.inner.end));

test('single marks quote, curly or straight, and apostrophes do not', () => {
  assert.deepEqual(inners('‘We will stay out,’ Reis said. The workers’ union met at Reis’ house.'), ['We will stay out']);
  assert.deepEqual(inners("'We won,' Reis said. They don't rock 'n' roll like the '90s."), ['We won']);
  assert.deepEqual(inners('She called the offer ‘a disgrace’ and left.'), ['a disgrace']);
});

test('single marks inside double ones are nested, double marks inside single ones too', () => {
  const us = '“They told me ‘wait until spring’ and I waited,” Ortiz said.';
  assert.deepEqual(inners(us), ['They told me ‘wait until spring’ and I waited']);
  const uk = '‘They told me “wait until spring” and I waited,’ Ortiz said.';
  assert.deepEqual(inners(uk), ['They told me “wait until spring” and I waited']);
});

test('an opening single mark at a paragraph’s start runs on to its end; elsewhere an unclosed one is left alone', () => {
  const text = 'Reis said the strike would go on:\n‘We are not going back until the offer is fair.\n‘Nobody here wants this.’\nThe ’twas of old.';
  const found = findQuotations(text, paragraphsOf(text));
  assert.equal(found.length, 2);
  assert.equal(found[0]!.open, true);
  assert.equal(found[1]!.open, false);
});

test('a headline in title case keeps its single marks out of the quotations', () => {
  assert.deepEqual(inners('Rubio Did Well In ‘More Rubio-Style Debate’ On Tuesday'), []);
  assert.deepEqual(inners("''Yes,'' he said."), ['Yes']);
});

test('a double mark typed as two apostrophes or backticks is one mark of two characters', () => {
  const text = "''Yes,'' he said, and ``no'' after.";
  const found = findQuotations(text, paragraphsOf(text));
  assert.deepEqual(found.map((q) => [text.slice(q.inner.start, q.inner.end), q.markLength]), [['Yes', 2], ['no', 2]]);
  assert.equal(findQuotations('"Yes," he said.', paragraphsOf('"Yes," he said.'))[0]!.markLength, 1);
});
