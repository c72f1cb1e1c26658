/** CoNLL column files and IOB chunk scoring. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chunkSpans, iob1ToIob2, readConll, scoreChunks } from './conll.js';

test('iob1ToIob2: every chunk starts with B-', () => {
  const rows: [string[], string[]][] = [
    [['I-NP', 'I-NP', 'B-NP', 'I-VP'], ['B-NP', 'I-NP', 'B-NP', 'B-VP']],
    [['O', 'I-PP', 'I-NP', 'O', 'I-NP'], ['O', 'B-PP', 'B-NP', 'O', 'B-NP']],
    [['B-NP', 'I-NP'], ['B-NP', 'I-NP']],
    [[], []],
  ];
  for (const [input, expected] of rows) assert.deepEqual(iob1ToIob2(input), expected, input.join(' '));
});

test('chunkSpans reads IOB1 and IOB2 alike', () => {
  const expected = [
    { type: 'NP', start: 0, end: 2 },
    { type: 'NP', start: 2, end: 3 },
    { type: 'VP', start: 3, end: 4 },
  ];
  assert.deepEqual(chunkSpans(['I-NP', 'I-NP', 'B-NP', 'I-VP', 'O']), expected);
  assert.deepEqual(chunkSpans(['B-NP', 'I-NP', 'B-NP', 'B-VP', 'O']), expected);
});

test('scoreChunks: exact span and type matches', () => {
  const gold = [['B-NP', 'I-NP', 'B-VP', 'B-NP']];
  const pred = [['B-NP', 'I-NP', 'B-VP', 'O']];
  const all = scoreChunks(gold, pred);
  assert.equal(all.correct, 2);
  assert.equal(all.precision, 1);
  assert.equal(all.recall, 2 / 3);
  const np = scoreChunks(gold, pred, 'NP');
  assert.deepEqual([np.gold, np.predicted, np.correct], [2, 1, 1]);
  assert.equal(scoreChunks([['O']], [['O']]).f1, 0);
});

test('readConll: sentences split on blank and DOCSTART lines', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'briefly-conll-'));
  try {
    const file = path.join(dir, 'toy.txt');
    writeFileSync(file, ['Ann NNP I-NP I-PER', 'sings VBZ I-VP O', '', '-DOCSTART- -X- O O', 'Bob NNP I-NP I-PER', ''].join('\n'));
    const sentences = readConll(file);
    assert.equal(sentences.length, 2);
    assert.deepEqual(sentences[0], { words: ['Ann', 'sings'], pos: ['NNP', 'VBZ'], chunk: ['I-NP', 'I-VP'], ner: ['I-PER', 'O'] });
    writeFileSync(file, 'bad line\n');
    assert.throws(() => readConll(file), /expected 4 columns/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
