/** The generic averaged-perceptron tagger: training on toy data, determinism, serialization. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { END, PerceptronModel, START, SequenceTagger, UNCONTESTED_MARGIN, unitValueHash } from './perceptron.js';
import type { TaggerSpec } from './perceptron.js';
import { seededRandom, trainTagger } from './perceptron-train.js';
import type { Example } from './perceptron-train.js';

/** Toy sentences: words, and a categorical attribute per word (its "colour"). */
interface Toy {
  words: readonly string[];
  colours: readonly string[];
}

const TOY_SPEC: TaggerSpec<Toy> = {
  name: 'toy-v1',
  unitTemplates: [
    { name: 'word', offsets: [-1, 0, 1] },
    { name: 'last', offsets: [0] },
    { name: 'word', offsets: [0], tag: -1 },
    { name: 'word', offsets: [0], attr: 0 },
  ],
  comboTemplates: [{ tags: [-1] }, { tags: [-2, -1] }, { attrs: [0] }, { tags: [-1], attrs: [0, 1] }],
  extraTemplates: ['position'],
  length: (s) => s.words.length,
  unitKey: (s, i) => s.words[i]!,
  unitFeatures(s, i, emit) {
    const w = s.words[i]!;
    emit(0, w);
    emit(1, w.slice(-1));
    emit(2, w);
    emit(3, w);
  },
  attribute: (s, i) => s.colours[i]!,
  extraFeatures(_s, i, _tags, emit) {
    if (i === 0) emit(0, 'first');
  },
  isAllowed: (prev, next) => !(next === 'I' && (prev === null || prev === 'O')),
};

// A toy chunking task: "the" opens a chunk (B), nouns ending in -x continue it (I), the rest is O.
const ROWS: [string, string, string][] = [
  ['the box sat', 'red blue red', 'B I O'],
  ['the fox ran', 'red red blue', 'B I O'],
  ['a cat sat', 'blue red red', 'O O O'],
  ['the lynx saw the ox', 'red blue red red blue', 'B I O B I'],
  ['dogs ran', 'blue red', 'O O'],
  ['the sax sat the', 'blue red red blue', 'B I O B'],
];

function toyExamples(): Example<Toy>[] {
  const out: Example<Toy>[] = [];
  for (let k = 0; k < 5; k++) {
    for (const [w, c, t] of ROWS) out.push({ input: { words: w.split(' '), colours: c.split(' ') }, tags: t.split(' ') });
  }
  return out;
}

const OPTIONS = { epochs: 5, seed: 7, minFeatureCount: 1, weightScale: 100, minWeight: 1 };

test('a toy tagger learns its training data', () => {
  const examples = toyExamples();
  const model = trainTagger(TOY_SPEC, examples, OPTIONS);
  const tagger = new SequenceTagger(model, TOY_SPEC);
  for (const ex of examples.slice(0, ROWS.length)) assert.deepEqual(tagger.tag(ex.input), ex.tags, ex.input.words.join(' '));
  assert.deepEqual(model.classes, ['B', 'I', 'O']);
  assert.deepEqual(model.attributes, ['blue', 'red']);
});

test('training is deterministic: same data and options, same serialized model', () => {
  const a = JSON.stringify(trainTagger(TOY_SPEC, toyExamples(), OPTIONS).toJSON());
  const b = JSON.stringify(trainTagger(TOY_SPEC, toyExamples(), OPTIONS).toJSON());
  assert.equal(a, b);
});

test('serialization round-trip keeps weights and predictions', () => {
  const model = trainTagger(TOY_SPEC, toyExamples(), { ...OPTIONS, meta: { source: 'toy' } });
  const text = JSON.stringify(model.toJSON());
  const back = PerceptronModel.fromJSON(JSON.parse(text));
  assert.equal(JSON.stringify(back.toJSON()), text);
  assert.equal(back.size, model.size);
  assert.equal(back.meta.source, 'toy');
  const unseen: Toy = { words: ['the', 'box', 'saw', 'a', 'fox'], colours: ['red', 'red', 'blue', 'green', 'red'] };
  assert.deepEqual(new SequenceTagger(back, TOY_SPEC).tag(unseen), new SequenceTagger(model, TOY_SPEC).tag(unseen));
});

test('transition rule: I never follows O or the sentence start', () => {
  const model = trainTagger(TOY_SPEC, toyExamples(), OPTIONS);
  const tagger = new SequenceTagger(model, TOY_SPEC);
  const tags = tagger.tag({ words: ['box', 'fox', 'sat', 'lynx'], colours: ['blue', 'blue', 'red', 'red'] });
  tags.forEach((t, i) => {
    if (t === 'I') assert.ok(i > 0 && tags[i - 1] !== 'O', tags.join(' '));
  });
});

test('empty sentences and out-of-vocabulary attributes are handled', () => {
  const model = trainTagger(TOY_SPEC, toyExamples(), OPTIONS);
  const tagger = new SequenceTagger(model, TOY_SPEC);
  assert.deepEqual(tagger.tag({ words: [], colours: [] }), []);
  assert.equal(tagger.tag({ words: ['zzz', 'qqq'], colours: ['mauve', 'teal'] }).length, 2);
});

test('a model refuses a spec it was not trained with, and malformed JSON', () => {
  const model = trainTagger(TOY_SPEC, toyExamples(), OPTIONS);
  assert.throws(() => new SequenceTagger(model, { ...TOY_SPEC, name: 'other' }), /trained for spec "toy-v1"/);
  assert.throws(() => new SequenceTagger(model, { ...TOY_SPEC, comboTemplates: [{ tags: [-1] }] }), /templates differ/);
  assert.throws(() => PerceptronModel.fromJSON({ format: 'nope' }), /not a briefly-perceptron/);
  const json = model.toJSON();
  assert.throws(() => PerceptronModel.fromJSON({ ...json, rowSizes: '' }), /rows/);
});

test('seededRandom is a fixed sequence per seed', () => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  const xs = [a(), a(), a()];
  assert.deepEqual([b(), b(), b()], xs);
  for (const x of xs) assert.ok(x >= 0 && x < 1);
  assert.notDeepEqual([seededRandom(43)(), 0], [xs[0], 0]);
});

test('fixedClass: a position takes the fixed class unscored, but only where the transition rule allows it', () => {
  const model = trainTagger(TOY_SPEC, toyExamples(), OPTIONS);
  // Fix "I" on every word ending in x and "O" on "the" (which the model would tag B).
  const fixing: TaggerSpec<Toy> = { ...TOY_SPEC, fixedClass: (s, i) => (s.words[i]!.endsWith('x') ? 'I' : s.words[i] === 'the' ? 'O' : null) };
  const plain = new SequenceTagger(model, TOY_SPEC);
  const fixed = new SequenceTagger(model, fixing);
  const sentence: Toy = { words: ['box', 'the', 'fox', 'sat'], colours: ['red', 'red', 'red', 'blue'] };
  assert.deepEqual(plain.tag(sentence), ['O', 'B', 'I', 'O']);
  // "box" at the start cannot be I (scored instead: O); "the" is fixed O; "fox" after O cannot be I, so it is scored.
  const tags = fixed.tag(sentence);
  assert.equal(tags[0], 'O');
  assert.equal(tags[1], 'O');
  assert.notEqual(tags[2], 'I');
  // After a B, the fixed I is taken.
  const opened = new SequenceTagger(model, { ...TOY_SPEC, fixedClass: (s, i) => (s.words[i]!.endsWith('x') ? 'I' : null) });
  assert.deepEqual(opened.tag({ words: ['the', 'lynx', 'the', 'ox'], colours: ['red', 'blue', 'red', 'blue'] }), ['B', 'I', 'B', 'I']);
});

test('margins, and kept classes: taken unscored where the transition rule allows, read as the previous tag', () => {
  const model = trainTagger(TOY_SPEC, toyExamples(), OPTIONS);
  const tagger = new SequenceTagger(model, TOY_SPEC);
  const sentence: Toy = { words: ['the', 'box', 'sat', 'the', 'ox'], colours: ['red', 'blue', 'red', 'red', 'blue'] };
  const margins: number[] = [];
  assert.deepEqual(tagger.tag(sentence, [], margins), ['B', 'I', 'O', 'B', 'I']);
  assert.equal(margins.length, 5);
  for (const m of margins) assert.ok(m >= 0, margins.join(' '));
  // Keeping what the tagger chose changes nothing; every kept position is uncontested.
  assert.deepEqual(tagger.tag(sentence, [], margins, ['B', 'I', 'O', 'B', 'I']), ['B', 'I', 'O', 'B', 'I']);
  assert.deepEqual(margins, Array(5).fill(UNCONTESTED_MARGIN));
  // A kept O at "the" is the previous tag "box" reads: I may not follow O, so "box" is scored otherwise.
  const after = tagger.tag(sentence, [], null, ['O', null, null, null, null]);
  assert.equal(after[0], 'O');
  assert.notEqual(after[1], 'I');
  // A kept class the transition rule forbids is not taken: the position is scored.
  assert.deepEqual(tagger.tag(sentence, [], null, ['I', null, null, null, null]), ['B', 'I', 'O', 'B', 'I']);
});

/**
 * Tags by the definition: every feature's weights looked up by its full template name and string
 * value in the model's tables, no packing, no caches, no hash table. The tagger must agree with it
 * exactly, also on words it has never seen.
 */
function referenceTags(model: PerceptronModel, spec: TaggerSpec<Toy>, s: Toy): string[] {
  const nC = model.classes.length;
  const table = (name: string): Map<string, number> => model.tables[model.templates.indexOf(name)]!;
  const add = (scores: number[], name: string, value: string): void => {
    const row = table(name).get(value);
    if (row === undefined) return;
    for (let e = model.rowStart[row]!; e < model.rowStart[row + 1]!; e++) scores[model.entryClass[e]!]! += model.entryWeight[e]!;
  };
  const n = s.words.length;
  const at = (i: number, of: (i: number) => string): string => (i < 0 ? START : i >= n ? END : of(i));
  const tags: string[] = [];
  for (let i = 0; i < n; i++) {
    const scores = new Array<number>(nC).fill(0);
    add(scores, 'bias', '');
    const tagAt = (p: number): string => (p < 0 ? START : tags[p]!);
    spec.unitTemplates.forEach((u, k) => {
      for (const off of u.offsets) {
        const values: string[] = [];
        const p = i + off;
        if (p < 0 || p >= n) values.push(p < 0 ? START : END);
        else spec.unitFeatures(s, p, (t, v) => t === k && values.push(v));
        for (const v of values) {
          if (u.tag !== undefined) add(scores, `${u.name}@${off}+tag@${u.tag}`, `${tagAt(i + u.tag)} ${v}`);
          else if (u.attr !== undefined) add(scores, `${u.name}@${off}+attr@${u.attr}`, `${at(i + u.attr, (q) => spec.attribute!(s, q))} ${v}`);
          else add(scores, `${u.name}@${off}`, v);
        }
      }
    });
    for (const c of spec.comboTemplates) {
      const tagsPart = (c.tags ?? []).map((o) => tagAt(i + o));
      const attrsPart = (c.attrs ?? []).map((o) => at(i + o, (q) => spec.attribute!(s, q)));
      const name = [c.tags?.length ? `tag@${c.tags.join(',')}` : '', c.attrs?.length ? `attr@${c.attrs.join(',')}` : ''].filter((x) => x !== '').join('+');
      add(scores, name, [...tagsPart, ...attrsPart].join(' '));
    }
    spec.extraFeatures?.(s, i, tags, (t, v) => add(scores, `x:${spec.extraTemplates![t]}`, v));
    let best = -1;
    for (let c = 0; c < nC; c++) {
      const allowed = spec.isAllowed === undefined || spec.isAllowed(i === 0 ? null : tags[i - 1]!, model.classes[c]!);
      if (allowed && (best < 0 || scores[c]! > scores[best]!)) best = c;
    }
    tags.push(model.classes[best]!);
  }
  return tags;
}

/** A toy sentence of 1 to 7 words drawn from a vocabulary, each with a random colour. */
function randomToy(random: () => number, vocabulary: readonly string[], colours: readonly string[]): Toy {
  const n = 1 + Math.floor(random() * 7);
  return {
    words: Array.from({ length: n }, () => vocabulary[Math.floor(random() * vocabulary.length)]!),
    colours: Array.from({ length: n }, () => colours[Math.floor(random() * colours.length)]!),
  };
}

test('the tagger scores exactly as the model defines, on seen and unseen words', () => {
  const model = trainTagger(TOY_SPEC, toyExamples(), OPTIONS);
  const tagger = new SequenceTagger(model, TOY_SPEC);
  const random = seededRandom(3);
  const vocabulary = ['the', 'box', 'fox', 'sat', 'a', 'cat', 'lynx', 'saw', 'ox', 'dogs', 'ran', 'sax', 'wax', 'zzz', 'thee', 'Box', ''];
  const colours = ['red', 'blue', 'green'];
  for (let k = 0; k < 300; k++) {
    const s = randomToy(random, vocabulary, colours);
    assert.deepEqual(tagger.tag(s), referenceTags(model, TOY_SPEC, s), s.words.join(' '));
  }
});

test('a value hashed from its two joined parts hashes as the whole string', () => {
  const pairs: [string, string][] = [['', ''], ['paris', ''], ['', 'first dm'], ['o\u2019neill', 'first hl sB-PER pPER'], ['z\u00fcrich', 'gLOC']];
  for (const [head, tail] of pairs) {
    for (const family of [0, 3, 15]) assert.deepEqual(unitValueHash(family, [head, tail]), unitValueHash(family, `${head} ${tail}`), `${head}|${tail}`);
  }
  assert.notDeepEqual(unitValueHash(0, ['ab', 'c']), unitValueHash(0, ['a', 'bc']));
});

test('dense sums stored in 16-bit halves (5 classes) score as the model defines, and sums past 16 bits stay whole', () => {
  // Five tags: the toy's chunks, with the verbs split off ("sat" P, "ran" and "saw" Q).
  const examples = toyExamples().map(({ input, tags }) => ({
    input,
    tags: tags.map((t, i) => (t !== 'O' ? t : input.words[i] === 'sat' ? 'P' : input.words[i] === 'ran' || input.words[i] === 'saw' ? 'Q' : 'O')),
  }));
  // Small weights: every dense sum fits in 16 bits. Weights near the Int16 limit: sums of several overflow it.
  for (const weightScale of [100, 1_000_000]) {
    const model = trainTagger(TOY_SPEC, examples, { ...OPTIONS, weightScale });
    assert.equal(model.classes.length, 5);
    const tagger = new SequenceTagger(model, TOY_SPEC);
    const random = seededRandom(5);
    const vocabulary = ['the', 'box', 'fox', 'sat', 'a', 'cat', 'lynx', 'saw', 'ox', 'dogs', 'ran', 'sax', 'wax', 'zzz'];
    const colours = ['red', 'blue', 'green'];
    for (let k = 0; k < 300; k++) {
      const s = randomToy(random, vocabulary, colours);
      assert.deepEqual(tagger.tag(s), referenceTags(model, TOY_SPEC, s), `scale ${weightScale}: ${s.words.join(' ')}`);
    }
  }
});
