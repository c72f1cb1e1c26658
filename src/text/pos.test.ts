/** POS tagger and chunker: our own sentences, token alignment, features, and the CoNLL-2003 dev scores. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ModelError } from '../errors.js';
import { chunkSpans, conllFile, readConll } from './conll.js';
import { CHUNK_SPEC, POS_SPEC, chunkInput, normalizeWord, posInput, toTaggerUnits, wordShape } from './pos-features.js';
import { POS_MODEL_FILE, SyntaxTagger, repairIob2, syntaxTagger, tagSentence, tagTokens } from './pos.js';
import { scoreSyntax } from './pos-eval.js';
import { groupAttrCombos, layoutOf } from './perceptron.js';
import { segmentParagraphs, segmentSentences, tokenize } from './segment.js';

/** Dev-set targets (eng.testa); the trained models score about 0.955 and 0.908. */
const MIN_POS_ACCURACY = 0.95;
const MIN_NP_F1 = 0.9;

function words(sentence: string): string[] {
  return tokenize(sentence).map((t) => t.text);
}

/** The chunks of a tagged sentence as "TYPE: words" strings. */
function chunks(ws: readonly string[], chunk: readonly string[]): string[] {
  return chunkSpans(chunk).map((c) => `${c.type}: ${ws.slice(c.start, c.end).join(' ')}`);
}

test('a plain news sentence: verbs, nouns and NP/VP/PP chunks', () => {
  const ws = words('The minister said on Tuesday that the talks had failed.');
  const { pos, chunk } = tagSentence(ws);
  const at = (w: string): string => pos[ws.indexOf(w)]!;
  assert.equal(at('The'), 'DT');
  assert.equal(at('minister'), 'NN');
  assert.equal(at('said'), 'VBD');
  assert.equal(at('on'), 'IN');
  assert.equal(at('talks'), 'NNS');
  assert.equal(at('failed'), 'VBN');
  assert.equal(pos.at(-1), '.');
  const cs = chunks(ws, chunk);
  assert.ok(cs.includes('NP: The minister'), cs.join(' | '));
  assert.ok(cs.includes('VP: said'), cs.join(' | '));
  assert.ok(cs.includes('PP: on'), cs.join(' | '));
  assert.ok(cs.includes('NP: the talks'), cs.join(' | '));
  assert.ok(cs.includes('VP: had failed'), cs.join(' | '));
});

test('table: the tag of one word in sentences we wrote', () => {
  const rows: [string, string, string][] = [
    ['Officials will meet in Geneva next week.', 'will', 'MD'],
    ['Officials will meet in Geneva next week.', 'meet', 'VB'],
    ['Officials will meet in Geneva next week.', 'Geneva', 'NNP'],
    ['The company expects prices to rise.', 'expects', 'VBZ'],
    ['The company expects prices to rise.', 'to', 'TO'],
    ['Farmers are protesting against the new rules.', 'protesting', 'VBG'],
    ['Farmers are protesting against the new rules.', 'new', 'JJ'],
    ['She quickly rejected the offer.', 'She', 'PRP'],
    ['She quickly rejected the offer.', 'quickly', 'RB'],
    ['About 40 percent of voters backed the plan.', '40', 'CD'],
  ];
  for (const [sentence, word, tag] of rows) {
    const ws = words(sentence);
    assert.equal(tagSentence(ws).pos[ws.indexOf(word)], tag, `${word} in "${sentence}"`);
  }
});

test('our tokenization: curly quotes, possessive ’s, contractions, abbreviations', () => {
  const ws = words('“We don’t accept it,” the party’s leader, Mr. Smith, told reporters.');
  const { pos, chunk } = tagSentence(ws);
  assert.equal(pos.length, ws.length);
  assert.equal(chunk.length, ws.length);
  assert.equal(pos[ws.indexOf('“')], '"');
  assert.equal(pos[ws.indexOf('”')], '"');
  assert.equal(pos[ws.indexOf('’s')], 'POS');
  assert.equal(pos[ws.indexOf('don’t')], 'VBP', 'a contraction takes the tag of its verb');
  const mr = ws.indexOf('Mr');
  assert.equal(ws[mr + 1], '.');
  assert.equal(pos[mr], 'NNP');
  assert.equal(pos[mr + 1], 'NNP', 'the period of "Mr." is part of the word');
  assert.equal(chunk[mr + 1], 'I-NP');
  assert.equal(pos[ws.indexOf('told')], 'VBD');
});

test('chunk tags are valid IOB2 and never cross sentence boundaries in tagTokens', () => {
  const text =
    'TALLINN — The leaders of Estonia and Latvia met on Monday. “Every month we stay connected is a month of risk,” said Karl Tamm.\n' +
    'Latvia’s prime minister said the grid must not raise household bills. Talks are expected to resume next month.';
  const tokens = tokenize(text);
  const sentences = segmentSentences(text, segmentParagraphs(text));
  const { pos, chunk } = tagTokens(text, tokens, sentences);
  assert.equal(pos.length, tokens.length);
  assert.equal(chunk.length, tokens.length);
  chunk.forEach((c, k) => {
    assert.match(c, /^(O|[BI]-[A-Z]+)$/);
    if (!c.startsWith('I-')) return;
    const prev = chunk[k - 1];
    assert.ok(prev !== undefined && prev !== 'O' && prev.slice(2) === c.slice(2), `I- continues a chunk at ${tokens[k]!.text}`);
    const startsSentence = sentences.some((s) => s.start === tokens[k]!.start);
    assert.ok(!startsSentence, `${tokens[k]!.text} starts a sentence but continues a chunk`);
  });
  assert.equal(pos[tokens.findIndex((t) => t.text === '—')], ':');
  assert.equal(pos[tokens.findIndex((t) => t.text === 'met')], 'VBD');
  // Same result as tagging each sentence alone.
  const s0 = sentences[0]!;
  const inFirst = tokens.filter((t) => t.start >= s0.start && t.end <= s0.end);
  assert.deepEqual(pos.slice(0, inFirst.length), tagSentence(inFirst.map((t) => t.text)).pos);
});

test('tagTokens tags tokens that lie outside every sentence too', () => {
  const text = 'Prices rose. Wages fell.';
  const tokens = tokenize(text);
  const { pos } = tagTokens(text, tokens, [{ start: 0, end: 12 }]);
  assert.equal(pos.length, tokens.length);
  assert.ok(pos.every((p) => typeof p === 'string' && p.length > 0));
  assert.deepEqual(tagTokens(text, [], []), { pos: [], chunk: [] });
});

test('normalization, shapes and tagger units', () => {
  const norm: [string, string][] = [
    ['“', '"'],
    ['”', '"'],
    ['``', '"'],
    ['‘', "'"],
    ['’s', "'s"],
    ['don’t', "don't"],
    ['—', '--'],
    ['–', '-'],
    ['…', '...'],
    ['Minister', 'Minister'],
  ];
  for (const [input, expected] of norm) assert.equal(normalizeWord(input), expected, input);
  const shapes: [string, string][] = [
    ['Minister', 'Xx'],
    ['1996-08-22', 'd-d-d'],
    ['U.S.', 'X.X.'],
    ['McDonald', 'XxXx'],
    ['iPhone', 'xXx'],
    ['$', '$'],
  ];
  for (const [input, expected] of shapes) assert.equal(wordShape(input), expected, input);
  const units = toTaggerUnits(['Mr', '.', 'Smith', 'doesn’t', 'know', 'I’m', 'here', '.']);
  assert.deepEqual(units.words, ['Mr.', 'Smith', 'does', "n't", 'know', 'I', "'m", 'here', '.']);
  assert.deepEqual(units.head, [0, 0, 1, 2, 4, 5, 7, 8]);
  assert.deepEqual(units.continues, [false, true, false, false, false, false, false, false]);
  // A period after a space is not part of the abbreviation.
  assert.deepEqual(toTaggerUnits(['No', '.', 'way'], [false, false, true]).words, ['No', '.', 'way']);
});

test('feature functions are deterministic and depend only on the unit key', () => {
  const collect = (emitAll: (emit: (t: number, v: string) => void) => void): string[] => {
    const out: string[] = [];
    emitAll((t, v) => out.push(`${t}=${v}`));
    return out;
  };
  const a = posInput(['The', 'minister', 'said']);
  const b = posInput(['A', 'minister', 'left', 'early']);
  const fa = collect((emit) => POS_SPEC.unitFeatures(a, 1, emit));
  assert.deepEqual(collect((emit) => POS_SPEC.unitFeatures(a, 1, emit)), fa);
  assert.deepEqual(collect((emit) => POS_SPEC.unitFeatures(b, 1, emit)), fa, 'same word, same unit features');
  assert.equal(POS_SPEC.unitKey(a, 1), POS_SPEC.unitKey(b, 1));
  assert.ok(fa.includes('1=minister') && fa.includes('4=ter'), fa.join(' '));
  const ca = chunkInput(['the', 'minister'], ['DT', 'NN']);
  const cb = chunkInput(['a', 'minister'], ['DT', 'VB']);
  assert.deepEqual(
    collect((emit) => CHUNK_SPEC.unitFeatures(ca, 1, emit)),
    collect((emit) => CHUNK_SPEC.unitFeatures(cb, 1, emit)),
  );
  assert.equal(CHUNK_SPEC.attribute?.(cb, 1), 'VB');
});

test('the chunker sums its POS-only combinations in three windows of at most three tags', () => {
  const { combos } = layoutOf(CHUNK_SPEC);
  const named = (ks: readonly number[]) => ks.map((k) => combos[k]!.attrs.join(','));
  const groups = groupAttrCombos(combos).map((g) => ({ from: g.from, to: g.to, combos: named(g.combos) }));
  assert.deepEqual(groups, [
    { from: -1, to: 1, combos: ['-1', '0', '1', '-1,0', '0,1', '-1,0,1'] },
    { from: -2, to: -1, combos: ['-2', '-2,-1'] },
    { from: 1, to: 2, combos: ['2', '1,2'] },
  ]);
});

test('repairIob2 turns a stray I-X into B-X', () => {
  assert.deepEqual(repairIob2(['I-NP', 'I-NP', 'O', 'I-VP', 'B-NP', 'I-PP']), ['B-NP', 'I-NP', 'O', 'B-VP', 'B-NP', 'B-PP']);
});

test('models load lazily and quickly enough', () => {
  const t0 = performance.now();
  const tagger = syntaxTagger();
  assert.ok(tagger === syntaxTagger(), 'loaded once');
  assert.ok(performance.now() - t0 < 5000);
});

test('CoNLL-2003 eng.testa: POS accuracy and NP chunk F1 meet the targets', (t) => {
  const file = conllFile('eng.testa');
  if (file === null) {
    t.skip('shared data absent: ../shared/data/ner-dev/conll2003/eng.testa not found (set BRIEFLY_SHARED_DATA to run this test)');
    return;
  }
  const scores = scoreSyntax(syntaxTagger(), readConll(file));
  t.diagnostic(`POS accuracy ${scores.posAccuracy.toFixed(4)}, NP F1 ${scores.npF1.toFixed(4)}, chunk F1 ${scores.chunkF1.toFixed(4)}`);
  assert.ok(scores.tokens > 50_000);
  assert.ok(scores.posAccuracy >= MIN_POS_ACCURACY, `POS accuracy ${scores.posAccuracy}`);
  assert.ok(scores.npF1 >= MIN_NP_F1, `NP F1 ${scores.npF1}`);
});

test('a missing or broken syntax model is a typed error naming the file and the script that rebuilds it', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'briefly-pos-'));
  try {
    const file = path.join(root, POS_MODEL_FILE);
    const isModelError = (e: unknown): boolean => e instanceof ModelError && e.code === 'MODEL_ERROR' && e.file === file && /npm run train:pos/u.test(e.message);
    assert.throws(() => SyntaxTagger.load(root), isModelError, 'absent');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{"format": "not a model"');
    assert.throws(() => SyntaxTagger.load(root), isModelError, 'not JSON');
    writeFileSync(file, '{"format": "not a model"}');
    assert.throws(() => SyntaxTagger.load(root), isModelError, 'JSON, not a model');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
