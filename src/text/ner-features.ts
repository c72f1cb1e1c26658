/**
 * Features of the named-entity tagger (src/text/ner.ts), shared by tagging
 * and training (scripts/train-ner.ts) so both see the same features.
 *
 * A position is described by its word (normalized as for the POS tagger) and
 * by a short string of context flags computed before tagging:
 * - document flags: how the same word is written elsewhere in the document
 *   (in lower case, capitalized mid-sentence, inside a longer capitalized
 *   run), which tells a name from a capitalized common word and a
 *   headline's capitals from a name's;
 * - gazetteer flags: whether the word starts or continues a phrase of a
 *   gazetteer (countries, places, organisations, people's names: built from
 *   the PETRARCH actor dictionaries, see data/README.md);
 * - position flags: first word of the sentence, sentence in capitals.
 *
 * The tagger reads a position's features in three parts: the word's own
 * features, packed once per word (kept on its memoized WordInfo); the flags'
 * features, packed once per distinct flag string; and the caseless feature of
 * a capitalized word (its lower-case form joined to the flags), looked up per
 * position and read in place (a pair seldom repeated in unseen text).
 */
import type { EmitFeature, TaggerSpec } from './perceptron.js';
import { asciiShape, wordShape } from './pos-features.js';
import { WORD, wordInfo } from './word-info.js';
import type { WordInfo } from './word-info.js';

/** What the entity tagger reads for one sentence. */
export interface NerInput {
  /** Words in the tagger's normalized form (see normalizeWord). */
  readonly words: readonly string[];
  /** Each word's properties (`wordInfo(words[i])`), looked up once per document. */
  readonly infos: readonly WordInfo[];
  /** Context flags per position: space-separated short codes, '' when none. */
  readonly flags: readonly string[];
}

/** Tag scheme: IOB2 over these types (B-PER, I-PER, …, O). */
export const NER_TYPES = ['PER', 'ORG', 'LOC', 'MISC'] as const;
export type NerType = (typeof NER_TYPES)[number];

/** Separates the word from its flags in a unit key (never inside a word). */
const KEY_SEPARATOR = '\u0001';

const RE = {
  upperInitial: /^\p{Lu}/u,
  lowerInitial: /^\p{Ll}/u,
  allCaps: /^[^\p{Ll}]*\p{Lu}[^\p{Ll}]*$/u,
  hasLetter: /\p{L}/u,
  hasDigit: /\p{N}/u,
  allDigits: /^\p{N}+$/u,
  number: /^[+-]?\p{N}[\p{N},.:/-]*$/u,
  hyphen: /\p{L}-\p{L}/u,
  innerPeriod: /\p{L}\.\p{L}?/u,
  punct: /^[^\p{L}\p{N}]+$/u,
  apostrophe: /'/u,
  initial: /^\p{Lu}\.$/u,
  mixedCaps: /^\p{Lu}\p{Ll}+\p{Lu}/u,
} as const;

/**
 * Binary properties of a word, emitted as values of the `flag` template: the definitions, run as
 * they are on words with a character outside ASCII (asciiWordFlags computes the same for the rest).
 */
const FLAG_TESTS: readonly [string, RegExp][] = [
  ['upper', RE.upperInitial],
  ['lowerInit', RE.lowerInitial],
  ['caps', RE.allCaps],
  ['digit', RE.hasDigit],
  ['digits', RE.allDigits],
  ['number', RE.number],
  ['hyphen', RE.hyphen],
  ['period', RE.innerPeriod],
  ['punct', RE.punct],
  ['apos', RE.apostrophe],
  ['initial', RE.initial],
  ['mixed', RE.mixedCaps],
];

/** FLAG_TESTS' names: bit k of an asciiWordFlags mask is FLAG_NAMES[k]. */
const FLAG_NAMES: readonly string[] = FLAG_TESTS.map(([flag]) => flag);

/**
 * Emit the `flag` features of a word: from its character codes when it is all ASCII, else FLAG_TESTS.
 * One emit call site for all flags: each call site of the tagger's emitter is compiled with the
 * emitter inlined, and a dozen of them made this function's optimized code slow to compile.
 */
function wordFlags(word: string, emit: EmitFeature): void {
  const mask = asciiWordFlags(word);
  if (mask >= 0) {
    for (let k = 0, m = mask; m !== 0; k++, m >>>= 1) if ((m & 1) !== 0) emit(U_FLAG, FLAG_NAMES[k]!);
    return;
  }
  for (const [flag, re] of FLAG_TESTS) if (re.test(word)) emit(U_FLAG, flag);
}

/** ASCII character classes for asciiWordFlags: in ASCII, `\p{Lu}` is A-Z, `\p{Ll}` a-z, `\p{N}` 0-9. */
const isUpperCode = (c: number): boolean => c >= 65 && c <= 90;
const isLowerCode = (c: number): boolean => c >= 97 && c <= 122;
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The `flag` features of an all-ASCII word from its character codes, as a mask (bit k: FLAG_TESTS[k]):
 * the same flags as the regular expressions (in ASCII their classes are the ranges above), with no
 * regular expression run per new word. Returns -1 when the word has another character.
 */
function asciiWordFlags(word: string): number {
  const n = word.length;
  let letters = 0;
  let lowers = 0;
  let uppers = 0;
  let digits = 0;
  let hyphen = false;
  let period = false;
  let apos = false;
  // number: /^[+-]?\p{N}[\p{N},.:/-]*$/
  let numberOk = n > 0;
  const start = n > 0 && (word.charCodeAt(0) === 43 || word.charCodeAt(0) === 45) ? 1 : 0;
  if (start >= n) numberOk = false;
  for (let i = 0; i < n; i++) {
    const c = word.charCodeAt(i);
    if (c >= 128) return -1;
    const upper = isUpperCode(c);
    const lower = isLowerCode(c);
    const digit = isDigitCode(c);
    if (upper) uppers++;
    if (lower) lowers++;
    if (upper || lower) letters++;
    if (digit) digits++;
    if (c === 39) apos = true;
    if (i > 0) {
      const p = word.charCodeAt(i - 1);
      const prevLetter = isUpperCode(p) || isLowerCode(p);
      if (c === 46 && prevLetter) period = true;
      if (c === 45 && prevLetter && i + 1 < n && (isUpperCode(word.charCodeAt(i + 1)) || isLowerCode(word.charCodeAt(i + 1)))) hyphen = true;
    }
    if (numberOk && i >= start) {
      if (i === start) numberOk = digit;
      else if (!(digit || c === 44 || c === 46 || c === 58 || c === 47 || c === 45)) numberOk = false;
    }
  }
  const c0 = n > 0 ? word.charCodeAt(0) : 0;
  // Bits in FLAG_TESTS order: upper, lowerInit, caps, digit, digits, number, hyphen, period, punct, apos, initial, mixed.
  let mask = 0;
  if (isUpperCode(c0)) mask |= 1 << 0;
  if (isLowerCode(c0)) mask |= 1 << 1;
  if (uppers > 0 && lowers === 0) mask |= 1 << 2;
  if (digits > 0) mask |= 1 << 3;
  if (n > 0 && digits === n) mask |= 1 << 4;
  if (numberOk) mask |= 1 << 5;
  if (hyphen) mask |= 1 << 6;
  if (period) mask |= 1 << 7;
  if (n > 0 && letters === 0 && digits === 0) mask |= 1 << 8;
  if (apos) mask |= 1 << 9;
  if (n === 2 && isUpperCode(c0) && word.charCodeAt(1) === 46) mask |= 1 << 10;
  if (isUpperCode(c0)) {
    let j = 1;
    while (j < n && isLowerCode(word.charCodeAt(j))) j++;
    if (j > 1 && j < n && isUpperCode(word.charCodeAt(j))) mask |= 1 << 11;
  }
  return mask;
}

// Unit templates (indices into NER_SPEC.unitTemplates).
const U_WORD = 0;
const U_LOWER = 1;
const U_LOWER_FAR = 2;
const U_SHAPE = 3;
const U_SUF2 = 4;
const U_SUF3 = 5;
const U_SUF4 = 6;
const U_PRE2 = 7;
const U_PRE3 = 8;
const U_PRE4 = 9;
const U_FLAG = 10;
const U_CTX = 11;
const U_LOWER_TAG = 12;
const U_SHAPE_TAG = 13;
const U_CTX_TAG = 14;
const U_CASELESS = 15;
const U_LOWER_WIN_TAG = 16;
const U_SUF3_WIN = 17;

/** Shape with characters mapped but runs kept up to length 2 ("Xxx" vs "Xx" for short words). */
function shortShape(word: string): string {
  if (word.length > 4) return wordShape(word);
  const ascii = asciiShape(word, false);
  if (ascii !== null) return ascii;
  let out = '';
  for (const ch of word) {
    if (ch >= '0' && ch <= '9') out += 'd';
    else if (ch !== ch.toLowerCase()) out += 'X';
    else if (ch !== ch.toUpperCase()) out += 'x';
    else out += ch;
  }
  return out;
}

/**
 * Everything of the two passes' specs but their names: one object, so that both passes' taggers
 * call the same functions (part keys, holders, features, fixedClass…). With a set of closures per
 * spec, every call site of the tagger's code that reads them saw a second target when the second
 * pass began: its optimized code, specialized for the first pass's functions, was discarded and
 * compiled again (scorePosition, a large function, within the first document of a stream).
 */
const NER_FEATURES: Omit<TaggerSpec<NerInput>, 'name'> = {
  unitTemplates: [
    { name: 'word', offsets: [-1, 0, 1] },
    { name: 'lower', offsets: [-1, 0, 1] },
    { name: 'lower', offsets: [-2, 2] },
    { name: 'shape', offsets: [-2, -1, 0, 1, 2] },
    { name: 'suf2', offsets: [0] },
    { name: 'suf3', offsets: [0] },
    { name: 'suf4', offsets: [0] },
    { name: 'pre2', offsets: [0] },
    { name: 'pre3', offsets: [0] },
    { name: 'pre4', offsets: [0] },
    { name: 'flag', offsets: [-1, 0, 1] },
    { name: 'ctx', offsets: [-2, -1, 0, 1, 2] },
    { name: 'lower', offsets: [0], tag: -1 },
    { name: 'shape', offsets: [0], tag: -1 },
    { name: 'ctx', offsets: [0], tag: -1 },
    { name: 'caseless', offsets: [0] },
    { name: 'lower', offsets: [-1, 1], tag: -1 },
    { name: 'suf3', offsets: [-1, 1] },
  ],
  comboTemplates: [{ tags: [-1] }, { tags: [-2, -1] }],
  length: (s) => s.words.length,
  unitKey: (s, i) => {
    const f = s.flags[i]!;
    return f === '' ? s.words[i]! : s.words[i]! + KEY_SEPARATOR + f;
  },
  // The definition (training reads it): the word's features, then the context's, in one order.
  unitFeatures(s, i, emit) {
    const word = s.words[i]!;
    const lower = s.infos[i]!.lower;
    const shape = wordHeadFeatures(word, s.infos[i]!, emit);
    contextFlagFeatures(s.flags[i]!, emit);
    wordTailFeatures(lower, shape, emit);
    caselessFeature(s.infos[i]!, s.flags[i]!, emit);
  },
  // Tagging caches the word's features by word and the context's by flags (see TaggerSpec.unitParts).
  unitParts: [
    {
      key: (s, i) => s.words[i]!,
      // The memoized word (infos[i] is wordInfo(words[i])) keeps the packed unit.
      holder: (s, i) => s.infos[i]!,
      features(s, i, emit) {
        const lower = s.infos[i]!.lower;
        wordTailFeatures(lower, wordHeadFeatures(s.words[i]!, s.infos[i]!, emit), emit);
      },
    },
    {
      // The context flags' features, cached by the (interned) flag string: a document has a few
      // hundred distinct ones.
      key: (s, i) => s.flags[i]!,
      features(s, i, emit) {
        contextFlagFeatures(s.flags[i]!, emit);
      },
    },
    {
      // The caseless feature of a capitalized word joins its lower-case form to the flags: a pair
      // seldom seen twice in unseen text, and mostly unknown to the model, so it is looked up per
      // position rather than packed and cached.
      key: (s, i) => s.flags[i]!,
      direct: true,
      features(s, i, emit) {
        caselessFeature(s.infos[i]!, s.flags[i]!, emit);
      },
      joinedFeatures(s, i, emit) {
        if ((s.infos[i]!.bits & WORD.UPPER_INITIAL) !== 0) emit(U_CASELESS, s.infos[i]!.lower, s.flags[i]!);
      },
    },
  ],
  isAllowed: isAllowedBilou,
  fixedClass: (s, i) => (isPlainOutside(s.infos[i]!) ? 'O' : null),
};

function nerSpec(name: string): TaggerSpec<NerInput> {
  return { name, ...NER_FEATURES };
}

/**
 * Entity features: words and lower-cased words in a ±2 window, shapes,
 * affixes, flags, context flags (document, gazetteer, position) at -1…+1,
 * the word and shape conjoined with the previous tag, and the two previous tags.
 */
export const NER_SPEC: TaggerSpec<NerInput> = nerSpec('ner-v1');

/**
 * The second-pass tagger: the same features, but its inputs also carry flags
 * from the first pass's predictions over the whole document (see
 * {@link predictionFlags}).
 */
export const NER_SPEC_2: TaggerSpec<NerInput> = nerSpec('ner-v1-pass2');


/** Features of the word alone, up to its word flags; returns its short shape. */
function wordHeadFeatures(word: string, info: WordInfo, emit: EmitFeature): string {
  const lower = info.lower;
  emit(U_WORD, word);
  emit(U_LOWER, lower);
  emit(U_LOWER_FAR, lower);
  const shape = shortShape(word);
  emit(U_SHAPE, shape);
  if (lower.length > 2) {
    const suf3 = lower.slice(-3);
    emit(U_SUF3_WIN, suf3);
    emit(U_SUF2, lower.slice(-2));
    emit(U_SUF3, suf3);
    emit(U_SUF4, lower.slice(-4));
    emit(U_PRE2, lower.slice(0, 2));
    emit(U_PRE3, lower.slice(0, 3));
    emit(U_PRE4, lower.slice(0, 4));
  }
  wordFlags(word, emit);
  return shape;
}

/** The word's features conjoined with the previous tag. */
function wordTailFeatures(lower: string, shape: string, emit: EmitFeature): void {
  emit(U_LOWER_TAG, lower);
  emit(U_LOWER_WIN_TAG, lower);
  emit(U_SHAPE_TAG, shape);
}

/** The position's context flags, alone and with the previous tag. */
function contextFlagFeatures(flags: string, emit: EmitFeature): void {
  if (flags !== '') {
    const codes = splitFlags(flags);
    for (let k = 0; k < codes.length; k++) {
      emit(U_CTX, codes[k]!);
      emit(U_CTX_TAG, codes[k]!);
    }
  } else {
    emit(U_CTX, '-');
    emit(U_CTX_TAG, '-');
  }
}

/**
 * A capitalized word with how it is used elsewhere: "caseless" lower form plus the document's evidence.
 * (The caseless unit part's joinedFeatures emits the same value in its two parts.)
 */
function caselessFeature(info: WordInfo, flags: string, emit: EmitFeature): void {
  if ((info.bits & WORD.UPPER_INITIAL) !== 0) emit(U_CASELESS, `${info.lower} ${flags}`);
}

/**
 * Whether a word is outside any entity whenever the previous word is: no
 * upper-case letter, no digit, and not a particle that can begin a name
 * ("de Gaulle", "van Gogh"). The tagger then skips scoring it (see
 * TaggerSpec.fixedClass); inside an entity ("Bank of England") it is scored.
 */
function isPlainOutside(info: WordInfo): boolean {
  return (info.bits & (WORD.HAS_UPPER | WORD.HAS_DIGIT | WORD.NAME_PARTICLE)) === 0;
}

/** BILOU transitions: an entity opened by B- continues with I- and closes with L- of its type; U- is a one-word entity. */
export function isAllowedBilou(prev: string | null, next: string): boolean {
  const open = prev !== null && (prev.startsWith('B-') || prev.startsWith('I-'));
  if (next.startsWith('I-') || next.startsWith('L-')) return open && prev.slice(2) === next.slice(2);
  return !open;
}

/**
 * IOB2 (or IOB1) tags to BILOU: the last word of an entity is L-, a
 * one-word entity U-.
 *
 * @example
 * toBilou(['B-PER', 'I-PER', 'O', 'B-LOC']); // ['B-PER', 'L-PER', 'O', 'U-LOC']
 */
export function toBilou(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tags.length; ) {
    const tag = tags[i]!;
    if (tag === 'O') {
      out.push('O');
      i++;
      continue;
    }
    const type = tag.slice(2);
    let j = i + 1;
    while (j < tags.length && tags[j] === `I-${type}`) j++;
    if (j - i === 1) out.push(`U-${type}`);
    else {
      out.push(`B-${type}`);
      for (let k = i + 1; k < j - 1; k++) out.push(`I-${type}`);
      out.push(`L-${type}`);
    }
    i = j;
  }
  return out;
}

/**
 * BILOU tags to IOB2.
 *
 * @example
 * fromBilou(['B-PER', 'L-PER', 'O', 'U-LOC']); // ['B-PER', 'I-PER', 'O', 'B-LOC']
 */
export function fromBilou(tags: readonly string[]): string[] {
  const out = new Array<string>(tags.length);
  for (let i = 0; i < tags.length; i++) {
    const t = tags[i]!;
    // Most tags are 'O', which stays: no lookup.
    if (t === 'O') {
      out[i] = t;
      continue;
    }
    let iob = FROM_BILOU.get(t);
    if (iob === undefined) FROM_BILOU.set(t, (iob = t.startsWith('U-') ? `B-${t.slice(2)}` : t.startsWith('L-') ? `I-${t.slice(2)}` : t));
    out[i] = iob;
  }
  return out;
}

/** BILOU tag → IOB2 tag, filled on first use (a handful of tags: no string work per token). */
const FROM_BILOU = new Map<string, string>();

/**
 * The type of an IOB tag as predictionFlags counts it ('O' outside entities), whether the tag
 * continues an entity of that type (`I-`), and an id of the tag itself: per distinct tag, so no
 * string is cut per token. Tags and types get ids in order of first sight ('O' first, see OUTSIDE_TYPE; TYPE_NAMES for types),
 * for counting in plain arrays.
 */
const TAG_TYPES = new Map<string, { type: number; inside: boolean; id: number }>();
const TYPE_IDS = new Map<string, number>();
const TYPE_NAMES: string[] = [];

function tagType(tag: string): { type: number; inside: boolean; id: number } {
  let out = TAG_TYPES.get(tag);
  if (out === undefined) {
    const name = tag === 'O' ? 'O' : tag.slice(2);
    let type = TYPE_IDS.get(name);
    if (type === undefined) {
      TYPE_IDS.set(name, (type = TYPE_NAMES.length));
      TYPE_NAMES.push(name);
    }
    TAG_TYPES.set(tag, (out = { type, inside: tag === `I-${name}`, id: TAG_TYPES.size }));
  }
  return out;
}

/** The type id of 'O' (outside entities), registered first: never an entity type a word is contested by. */
const OUTSIDE_TYPE = tagType('O').type;

/** Type ids (plus one) a prediction flag code has room for (see predictionFlagString). */
const CODE_TYPES = 16;
/** Prediction flag strings by code (see predictionFlagString). */
const PREDICTION_FLAGS = new Map<number, string>();

/**
 * The prediction flags of a position (see {@link predictionFlags}) for its tag, whether its word is a
 * candidate (counted across the document), the majority type elsewhere (-1: none), whether there are
 * several, and the type of its longer entities (-1: none). The few combinations a document meets are
 * built once, by an integer code: a position costs one lookup rather than a string join per flag.
 */
function predictionFlagString(own: string, candidate: boolean, best: number, mixed: boolean, long: number): string {
  const tag = tagType(own).id;
  const cacheable = best + 1 < CODE_TYPES && long + 1 < CODE_TYPES;
  const code = (((tag * 2 + (candidate ? 1 : 0)) * CODE_TYPES + best + 1) * 2 + (mixed ? 1 : 0)) * CODE_TYPES + long + 1;
  let out = cacheable ? PREDICTION_FLAGS.get(code) : undefined;
  if (out !== undefined) return out;
  if (!candidate) out = own === 'O' ? '' : flagOf('s', own);
  else {
    out = flagOf('s', own);
    if (best >= 0) out = joinFlags(out, flagOf('p', TYPE_NAMES[best]!));
    if (mixed) out = joinFlags(out, 'pmix');
    if (long >= 0) out = joinFlags(out, flagOf('q', TYPE_NAMES[long]!));
  }
  if (cacheable) PREDICTION_FLAGS.set(code, out);
  return out;
}

/** Add one to a word's count of a type (a table per document: word → counts by type id). */
function bump(table: Map<string, number[]>, word: string, type: number): void {
  let counts = table.get(word);
  // Room for 'O' and the four entity types from the start: an empty array's first push reserves
  // 17 entries, and a document makes one of these per distinct word. Zero counts are read as none.
  if (counts === undefined) table.set(word, (counts = [0, 0, 0, 0, 0]));
  while (counts.length <= type) counts.push(0);
  counts[type]!++;
}

/**
 * Flags from a first tagging pass over a whole document, for the second pass:
 * - `s<TAG>`: the first pass's tag of this very position;
 * - `p<TYPE>`: the type the first pass gave most often to the same word
 *   (case-insensitive) at other positions of the document (`pO` when outside
 *   entities there), and `pmix` when it gave it several types;
 * - `q<TYPE>`: the type of the longer entities (two words or more) the word
 *   is part of elsewhere, e.g. a surname after the full name.
 *
 * @example
 * predictionFlags([['Ray', 'Lankford'], ['Lankford', 'hit']], [['B-PER', 'I-PER'], ['B-ORG', 'O']])[1][0]; // 'sB-ORG pPER qPER'
 */
export function predictionFlags(
  sentences: readonly (readonly string[])[],
  tags: readonly (readonly string[])[],
  infos: readonly (readonly WordInfo[])[] = sentences.map((words) => words.map(wordInfo)),
): string[][] {
  return predictionEvidence(sentences, tags, infos).flags;
}

/** What a first tagging pass tells the second about a document (see {@link predictionEvidence}). */
export interface PredictionEvidence {
  /** The second pass's extra flags per position (see {@link predictionFlags}). */
  flags: string[][];
  /**
   * Per position of the document, sentence after sentence: 1 when the first pass gave the same word
   * (case-insensitive, as the `p` flags count it) an entity type other than this position's own
   * type elsewhere in the document (a word outside entities here and inside one elsewhere counts,
   * one inside an entity here and outside elsewhere does not), else 0.
   */
  contested: Uint8Array;
}

/** {@link predictionFlags}, and which positions' words the first pass typed inconsistently. */
export function predictionEvidence(
  sentences: readonly (readonly string[])[],
  tags: readonly (readonly string[])[],
  infos: readonly (readonly WordInfo[])[] = sentences.map((words) => words.map(wordInfo)),
): PredictionEvidence {
  const predictions = new DocumentPredictions(tags, infos);
  let total = 0;
  for (const words of sentences) total += words.length;
  const contested = new Uint8Array(total);
  let at = 0;
  const flags = sentences.map((words, s) => {
    contested.set(predictions.contested(s), at);
    at += words.length;
    return predictions.flags(s);
  });
  return { flags, contested };
}

/** Whether predictionFlags counts a word: it has a letter and does not begin in lower case. */
const isCandidate = (info: WordInfo): boolean => (info.bits & (WORD.HAS_LETTER | WORD.LOWER_INITIAL)) === WORD.HAS_LETTER;

/**
 * What a first tagging pass says about a document's words (the counts behind {@link predictionEvidence}),
 * read a sentence at a time: the tagger asks which positions are contested in every sentence, but builds
 * the prediction flags only of the sentences its second pass scores again (about half of a news stream's
 * have no position to score; see NerTagger.tagInputs).
 */
export class DocumentPredictions {
  /** Per lower-cased word, counts by type id: of its positions, and of the longer entities it is part of. */
  private readonly seen = new Map<string, number[]>();
  private readonly inLong = new Map<string, number[]>();

  /** @param tags the first pass's IOB2 tags of each sentence; `infos` each word's properties. */
  constructor(
    private readonly tags: readonly (readonly string[])[],
    private readonly infos: readonly (readonly WordInfo[])[],
  ) {
    for (let s = 0; s < tags.length; s++) {
      const t = tags[s]!;
      const info = infos[s]!;
      const n = info.length;
      for (let i = 0; i < n; i++) if (isCandidate(info[i]!)) bump(this.seen, info[i]!.lower, tagType(t[i]!).type);
      for (let i = 0; i < n; ) {
        if (t[i] === 'O') {
          i++;
          continue;
        }
        const type = tagType(t[i]!).type;
        let j = i + 1;
        while (j < n) {
          const next = tagType(t[j]!);
          if (!next.inside || next.type !== type) break;
          j++;
        }
        if (j - i >= 2) for (let k = i; k < j; k++) if (isCandidate(info[k]!)) bump(this.inLong, info[k]!.lower, type);
        i = j;
      }
    }
  }

  /**
   * Per position of sentence `s`: 1 when the first pass gave its word (case-insensitive) an entity type
   * other than the position's own type elsewhere in the document (see {@link PredictionEvidence.contested}).
   */
  contested(s: number): Uint8Array {
    const out = new Uint8Array(this.infos[s]!.length);
    for (let i = 0; i < out.length; i++) if (this.isContested(s, i)) out[i] = 1;
    return out;
  }

  /** Whether some position of sentence `s` is contested (see {@link contested}), without building the array. */
  anyContested(s: number): boolean {
    const n = this.infos[s]!.length;
    for (let i = 0; i < n; i++) if (this.isContested(s, i)) return true;
    return false;
  }

  /** Whether position `i` of sentence `s` is a candidate word the first pass typed otherwise elsewhere. */
  private isContested(s: number, i: number): boolean {
    const info = this.infos[s]![i]!;
    if (!isCandidate(info)) return false;
    const counts = this.seen.get(info.lower);
    if (counts === undefined) return false;
    const self = tagType(this.tags[s]![i]!).type;
    for (let type = 0; type < counts.length; type++) if (type !== self && type !== OUTSIDE_TYPE && counts[type]! > 0) return true;
    return false;
  }

  /** The prediction flags of every position of sentence `s` (see {@link predictionFlags}). */
  flags(s: number): string[] {
    const t = this.tags[s]!;
    return mapPacked(this.infos[s]!, (info, i) => {
      const own = t[i]!;
      // Most positions: a word not counted, outside entities, has no flag (no lookup).
      if (!isCandidate(info)) return own === 'O' ? '' : predictionFlagString(own, false, -1, false, -1);
      const lower = info.lower;
      // The majority type elsewhere, ties to the first name in string order: this position's own tag is not counted.
      const self = tagType(own).type;
      let best = -1;
      let bestN = 0;
      let kinds = 0;
      const counts = this.seen.get(lower) ?? [];
      for (let type = 0; type < counts.length; type++) {
        const n = type === self ? counts[type]! - 1 : counts[type]!;
        if (n <= 0) continue;
        kinds++;
        if (n > bestN || (n === bestN && TYPE_NAMES[type]! < TYPE_NAMES[best]!)) {
          best = type;
          bestN = n;
        }
      }
      // The majority type of the longer entities the word is part of, ties as above.
      const q = this.inLong.get(lower);
      let mq = -1;
      if (q !== undefined) {
        for (let type = 0; type < q.length; type++) {
          const n = q[type]!;
          if (n > 0 && (mq < 0 || n > q[mq]! || (n === q[mq] && TYPE_NAMES[type]! < TYPE_NAMES[mq]!))) mq = type;
        }
      }
      return predictionFlagString(own, true, best, kinds > 1, mq);
    });
  }
}

/** Interned flag strings: per first part, per second part, the joined string (see joinFlags, flagOf). */
const JOINED = new Map<string, Map<string, string>>();
const PREFIXED = new Map<string, Map<string, string>>();
/** Distinct strings each table interns at most (flag strings are combinations of a few dozen codes). */
const MAX_INTERNED_FLAGS = 50_000;
let internedFlags = 0;

/**
 * `a + separator + b`, interned in `table`. The string is built here from its parts rather than by
 * a callback: a closure made per call (two or three per position of a document) was most of the
 * flag builders' garbage.
 */
function interned(table: Map<string, Map<string, string>>, a: string, b: string, separator: string): string {
  let inner = table.get(a);
  if (inner === undefined) {
    if (internedFlags >= MAX_INTERNED_FLAGS) return a + separator + b;
    table.set(a, (inner = new Map()));
  }
  let out = inner.get(b);
  if (out === undefined) {
    out = a + separator + b;
    if (internedFlags < MAX_INTERNED_FLAGS) {
      inner.set(b, out);
      internedFlags++;
    }
  }
  return out;
}

/**
 * Two space-separated flag strings as one ('' is no flags), interned: positions with the same
 * flags share one string, so the tagger's context caches compare and hash it once, and no string
 * is built per token.
 *
 * @example
 * joinFlags('first dm', 'country'); // 'first dm country'
 */
export function joinFlags(a: string, b: string): string {
  if (b === '') return a;
  if (a === '') return b;
  return interned(JOINED, a, b, ' ');
}

/** A flag code made of a prefix and a tag or type (`s` + `B-PER`), interned. */
function flagOf(prefix: string, value: string): string {
  return interned(PREFIXED, prefix, value, '');
}

/** Each context flag string split into its codes (the strings are interned, so few and reused). */
const SPLIT_FLAGS = new Map<string, readonly string[]>();

function splitFlags(flags: string): readonly string[] {
  let out = SPLIT_FLAGS.get(flags);
  if (out === undefined) {
    out = flags.split(' ');
    if (SPLIT_FLAGS.size < MAX_INTERNED_FLAGS) SPLIT_FLAGS.set(flags, out);
  }
  return out;
}

/**
 * `xs.map(f)`, but the result is always a packed array. The optimizing compiler's inlined
 * Array.prototype.map makes holey arrays where the builtin makes packed ones, so the per-sentence
 * arrays the tagger reads (words, word infos, flags) changed kind once their builders were
 * optimized, and the tagger's optimized code, specialized for the first kind, was discarded and
 * compiled again (a large function: each compile costs as much CPU as tagging thousands of tokens).
 *
 * @example
 * mapPacked(['a', 'b'], (x, i) => x + i); // ['a0', 'b1']
 */
export function mapPacked<T, U>(xs: readonly T[], f: (x: T, i: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < xs.length; i++) out.push(f(xs[i]!, i));
  return out;
}

/** Whether a sentence is a headline in capitals: most of its letter words are all caps. */
function isCapsSentence(words: readonly WordInfo[]): boolean {
  let letters = 0;
  let caps = 0;
  for (const { bits } of words) {
    if ((bits & WORD.HAS_LETTER) === 0) continue;
    letters++;
    if ((bits & WORD.ALL_CAPS) !== 0) caps++;
  }
  return letters >= 2 && caps / letters > 0.6;
}

/** Document and position flags, in the order they are written. */
const DOC_FLAG = { first: 1, hl: 2, dl: 4, dm: 8, dr: 16, df: 32, acr: 64 } as const;
/** The flag string of every combination of DOC_FLAG bits (built once: no string work per token). */
const DOC_FLAG_STRINGS: readonly string[] = Array.from({ length: 128 }, (_, mask) =>
  Object.entries(DOC_FLAG)
    .filter(([, bit]) => (mask & bit) !== 0)
    .map(([name]) => name)
    .join(' '),
);


/**
 * Context flags of every position of a document's sentences (document and
 * position evidence; gazetteer flags are added by the caller).
 *
 * @example
 * documentFlags([['Peter', 'Blackburn'], ['Blackburn', 'said', '.']])[1][0]; // 'first dm dr'
 */
export function documentFlags(sentences: readonly (readonly string[])[], infos: readonly (readonly WordInfo[])[] = sentences.map((words) => words.map(wordInfo))): string[][] {
  // Evidence bits per lower-cased word: DOC_FLAG.dl / dm / dr / df.
  const evidence = new Map<string, number>();
  // Written only when the word gains a bit: most marks repeat what is known (and a mark of no bits adds nothing).
  const mark = (lower: string, bit: number): void => {
    const known = evidence.get(lower) ?? 0;
    if ((known | bit) !== known) evidence.set(lower, known | bit);
  };
  const caps = infos.map(isCapsSentence);
  infos.forEach((words, s) => {
    for (let i = 0; i < words.length; i++) {
      const { bits, lower } = words[i]!;
      if ((bits & WORD.HAS_LETTER) === 0) continue;
      if ((bits & WORD.LOWER_INITIAL) !== 0) {
        mark(lower, DOC_FLAG.dl);
        continue;
      }
      if (caps[s] || (bits & WORD.UPPER_INITIAL) === 0) continue;
      let e = i > 0 ? DOC_FLAG.dm : 0;
      if (i > 1 && (words[i - 1]!.bits & WORD.UPPER_INITIAL) !== 0) e |= DOC_FLAG.dr;
      if (i > 0 && i + 1 < words.length && (words[i + 1]!.bits & WORD.UPPER_INITIAL) !== 0) e |= DOC_FLAG.df;
      mark(lower, e);
    }
  });
  return infos.map((words, s) =>
    mapPacked(words, (info, i) => {
      let mask = (i === 0 ? DOC_FLAG.first : 0) | (caps[s] ? DOC_FLAG.hl : 0);
      if ((info.bits & (WORD.HAS_LETTER | WORD.LOWER_INITIAL)) === WORD.HAS_LETTER) {
        mask |= evidence.get(info.lower) ?? 0;
        if (!caps[s] && sentences[s]![i]!.length > 1 && (info.bits & WORD.ALL_CAPS) !== 0) mask |= DOC_FLAG.acr;
      }
      return DOC_FLAG_STRINGS[mask]!;
    }),
  );
}
