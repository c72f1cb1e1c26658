import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentParagraphs, segmentSentences, tokenize } from './segment.js';

test('tokens plus the text between them rebuild the text exactly', () => {
  const text = 'Dr. Smith’s “plan” costs $1,200.50 — U.S. officials said, and e-mails\u00a0followed.\n\nNext paragraph!';
  const toks = tokenize(text);
  let rebuilt = '';
  let at = 0;
  for (const t of toks) {
    assert.equal(text.slice(t.start, t.end), t.text);
    rebuilt += text.slice(at, t.start) + t.text;
    at = t.end;
  }
  rebuilt += text.slice(at);
  assert.equal(rebuilt, text);
  assert.ok(toks.some((t) => t.text === '’s'), 'possessive is its own token');
});

test('sentences: abbreviations, initials and quotes do not split', () => {
  const rows: [string, number][] = [
    ['Mr. Smith went to Washington. He left.', 2],
    ['“We are ready,” she said. “Are you?”', 2],
    ['The U.S. and China met. Talks ended.', 2],
    ['J. R. Jones spoke on Feb. 4 in Paris.', 1],
    ['Its relations are ... of great significance. Next.', 2],
    ['Polls close at 7 p.m. He says he is confident.', 2],
    ['Polls close at 7 p.m. Eastern time on Tuesday.', 1],
    ['The U.S. President spoke.', 1],
  ];
  for (const [text, n] of rows) {
    const paras = segmentParagraphs(text);
    assert.equal(segmentSentences(text, paras).length, n, text);
  }
});

test('paragraphs are non-empty lines with trimmed offsets', () => {
  const text = '  First line.  \n\n\nSecond line.\n';
  const paras = segmentParagraphs(text);
  assert.deepEqual(paras.map((p) => text.slice(p.start, p.end)), ['First line.', 'Second line.']);
});

test('a double mark typed as two apostrophes or backticks is one token; an apostrophe alone is not a mark', () => {
  const text = "``Yes,'' he said; ''no'' came after, and the workers' union didn't.";
  assert.deepEqual(tokenize(text).map((t) => t.text).filter((w) => w.includes("'") || w.includes('`')), ['``', "''", "''", "''", "'", "didn't"]);
});

test('a number opening its line is a list item, not a sentence of its own', () => {
  const text = '5. Maria Lind ( Sweden ) 15:08.12\n6. Ana Costa ( Brazil ) 15:09.00\nThe race was run in 1996. It was fast.';
  const sentences = segmentSentences(text, segmentParagraphs(text)).map((s) => text.slice(s.start, s.end));
  assert.deepEqual(sentences, ['5. Maria Lind ( Sweden ) 15:08.12', '6. Ana Costa ( Brazil ) 15:09.00', 'The race was run in 1996.', 'It was fast.']);
});

test('a dash typed as two or three hyphens is one token', () => {
  assert.deepEqual(tokenize('Hale -- the engineer --- said so - twice').map((t) => t.text), ['Hale', '--', 'the', 'engineer', '---', 'said', 'so', '-', 'twice']);
});
