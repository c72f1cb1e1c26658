/**
 * Features of the part-of-speech tagger and the NP/VP chunker, and the
 * mapping from our tokens to the tagger's positions. Shared by tagging
 * (src/text/pos.ts) and training (scripts/train-pos.ts), so both see the same
 * features.
 *
 * Our tokenizer differs from the Penn Treebank conventions the training data
 * follows; {@link toTaggerUnits} bridges the gap:
 * - curly quotes become `"` (double) or `'` (single), curly apostrophes `'`,
 *   em dashes `--`, en dashes `-`, `…` `...` (only for the tagger's eyes);
 * - contractions are split the Treebank way for tagging (`don't` → `do` `n't`,
 *   `I'm` → `I` `'m`) and the token takes the tags of its first part;
 * - an abbreviation split from its period (`Mr` `.`) is tagged as one word.
 */
import type { TaggerSpec } from './perceptron.js';

/** Words after which an attached "." belongs to the word (lower case, without the period). */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'jr', 'sr', 'gen', 'sen', 'rep', 'gov', 'col', 'lt', 'maj', 'capt', 'sgt', 'adm', 'rev', 'cmdr', 'supt', 'insp',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'no', 'nos', 'vs', 'etc', 'inc', 'corp', 'ltd', 'co', 'bros', 'plc', 'dept', 'univ', 'approx', 'est', 'ft', 'mt', 'ave', 'blvd',
]);

/** Character rewrites applied to every word before tagging (the tagger's view only). */
const NORMALIZE = {
  doubleQuote: /^(?:[“”„‟«»"]|``|''|〝|〞)$/u,
  singleQuote: /^[‘’‚‛`′]$/u,
  apostrophes: /[‘’‛′]/gu,
  emDash: /^[—―]+$/u,
  enDash: /^[–‒−]+$/u,
  ellipsis: /^…$/u,
  contraction: /^(\p{L}+)(n't|'m|'re|'ve|'ll|'d|'s)$/iu,
  innerPeriod: /\p{L}\.\p{L}/u,
  /** Words of printable ASCII without ` or ' need no rewrite (the common case, tested first). */
  mayChange: /[^ -~]|[`']/u,
  upperInitial: /^\p{Lu}$/u,
} as const;

/** Shape classes: upper, lower, digit; other characters stand for themselves. */
const SHAPE_CHAR = { upper: 'X', lower: 'x', digit: 'd' } as const;
/** Words longer than this get a shape from their first and last characters only. */
const MAX_SHAPE_INPUT = 24;

/**
 * The form the tagger sees for one token.
 *
 * @example
 * normalizeWord('“'); // '"'
 * normalizeWord('Smith’s'); // "Smith's"
 */
export function normalizeWord(word: string): string {
  if (!NORMALIZE.mayChange.test(word)) return word;
  if (NORMALIZE.doubleQuote.test(word)) return '"';
  if (NORMALIZE.singleQuote.test(word)) return "'";
  if (NORMALIZE.emDash.test(word)) return '--';
  if (NORMALIZE.enDash.test(word)) return '-';
  if (NORMALIZE.ellipsis.test(word)) return '...';
  return word.replace(NORMALIZE.apostrophes, "'");
}

/**
 * The shape of an all-ASCII word from its character codes (no per-character strings), runs
 * collapsed or not; null when the word has another character (the callers' general loop then
 * decides: case mapping outside ASCII). The same shape as that loop gives.
 */
export function asciiShape(word: string, collapse: boolean): string | null {
  let out = '';
  let last = -1;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code >= 128) return null;
    // d, X, x, or the character itself (ASCII punctuation and symbols have no case).
    const c = code >= 48 && code <= 57 ? 100 : code >= 65 && code <= 90 ? 88 : code >= 97 && code <= 122 ? 120 : code;
    if (!collapse || c !== last) out += SHAPE_CODES[c]!;
    last = c;
  }
  return out;
}

/** One-character strings of the ASCII codes (shared, so asciiShape builds no string per character). */
const SHAPE_CODES: readonly string[] = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));

/**
 * Word shape with runs collapsed: "Minister" → "Xx", "1996-08-22" → "d-d-d",
 * "U.S." → "X.X.", "McDonald" → "XxXx".
 */
export function wordShape(word: string): string {
  const w = word.length > MAX_SHAPE_INPUT ? word.slice(0, 8) + word.slice(-8) : word;
  const ascii = asciiShape(w, true);
  if (ascii !== null) return ascii;
  let out = '';
  let last = '';
  for (const ch of w) {
    let c: string;
    if (ch >= '0' && ch <= '9') c = SHAPE_CHAR.digit;
    else if (ch !== ch.toLowerCase()) c = SHAPE_CHAR.upper;
    else if (ch !== ch.toUpperCase()) c = SHAPE_CHAR.lower;
    else c = ch;
    if (c !== last) out += c;
    last = c;
  }
  return out;
}

/** Tagger positions for one sentence of tokens. */
export interface TaggerUnits {
  /** Normalized words, one per tagger position. */
  words: string[];
  /** For each token, the position whose tags it takes. */
  head: number[];
  /** For each token, whether it continues the previous token's position (an abbreviation's period). */
  continues: boolean[];
}

/**
 * Map a sentence of tokens to tagger positions (see the module comment).
 * `attached[k]` says token k follows token k-1 without white space (assumed
 * true when not given).
 *
 * @example
 * toTaggerUnits(['Mr', '.', 'Smith', 'doesn’t', 'know']).words; // ['Mr.', 'Smith', 'does', "n't", 'know']
 */
export function toTaggerUnits(tokens: readonly string[], attached?: readonly boolean[]): TaggerUnits {
  const words: string[] = [];
  const head: number[] = [];
  const continues: boolean[] = [];
  tokens.forEach((raw, k) => {
    const word = normalizeWord(raw);
    const prev = k > 0 ? tokens[k - 1]! : '';
    const isAbbrevPeriod =
      word === '.' && k > 0 && k < tokens.length - 1 && (attached?.[k] ?? true) && words.length > 0 && isAbbreviation(prev);
    if (isAbbrevPeriod) {
      words[words.length - 1] += '.';
      head.push(words.length - 1);
      continues.push(true);
      return;
    }
    head.push(words.length);
    continues.push(false);
    const m = word.includes("'") ? NORMALIZE.contraction.exec(word) : null;
    if (m !== null) {
      words.push(m[1]!, m[2]!);
    } else {
      words.push(word);
    }
  });
  return { words, head, continues };
}

/** Whether a word before a period is an abbreviation the period belongs to ("Corp", "Dr", "U.S", an initial). */
export function isAbbreviation(word: string): boolean {
  return ABBREVIATIONS.has(word.toLowerCase()) || NORMALIZE.innerPeriod.test(word) || NORMALIZE.upperInitial.test(word);
}

/** What the POS tagger reads: normalized words. */
export interface PosInput {
  words: readonly string[];
}

/** What the chunker reads: normalized words and their (predicted) POS tags. */
export interface ChunkInput {
  words: readonly string[];
  pos: readonly string[];
}

export function posInput(words: readonly string[]): PosInput {
  return { words };
}

export function chunkInput(words: readonly string[], pos: readonly string[]): ChunkInput {
  return { words, pos };
}

/** Binary properties of a word, emitted as values of the `flag` template. */
const FLAG_TESTS: readonly [string, RegExp][] = [
  ['hyphen', /\p{L}-\p{L}/u],
  ['digit', /\p{N}/u],
  ['upper', /^\p{Lu}/u],
  ['caps', /^[^\p{Ll}]*\p{Lu}[^\p{Ll}]*\p{Lu}[^\p{Ll}]*$/u],
  ['number', /^[+-]?\p{N}[\p{N},.:/-]*$/u],
  ['punct', /^[^\p{L}\p{N}]+$/u],
  ['period', /\.$/u],
  ['apostrophe', /'/u],
];

// POS unit templates (indices into POS_SPEC.unitTemplates).
const P_WORD = 0;
const P_LOWER = 1;
const P_SUF1 = 2;
const P_SUF2 = 3;
const P_SUF3 = 4;
const P_SUF4 = 5;
const P_PRE1 = 6;
const P_PRE2 = 7;
const P_PRE3 = 8;
const P_SHAPE = 9;
const P_FLAG = 10;
const P_TAG_LOWER = 11;

/**
 * Part-of-speech features: the word, its neighbours, affixes, shape, flags,
 * and the two previous tags. Words two positions away were dropped: -0.0003
 * accuracy on eng.testa for a fifth fewer weights and two fewer vector adds
 * per token.
 */
export const POS_SPEC: TaggerSpec<PosInput> = {
  name: 'pos-v1',
  unitTemplates: [
    { name: 'word', offsets: [0] },
    { name: 'lower', offsets: [-1, 0, 1] },
    { name: 'suf1', offsets: [0] },
    { name: 'suf2', offsets: [0] },
    { name: 'suf3', offsets: [-1, 0, 1] },
    { name: 'suf4', offsets: [0] },
    { name: 'pre1', offsets: [0] },
    { name: 'pre2', offsets: [0] },
    { name: 'pre3', offsets: [0] },
    { name: 'shape', offsets: [-1, 0, 1] },
    { name: 'flag', offsets: [0] },
    { name: 'lower', offsets: [0], tag: -1 },
  ],
  comboTemplates: [{ tags: [-1] }, { tags: [-2] }, { tags: [-2, -1] }],
  extraTemplates: ['first+shape'],
  length: (s) => s.words.length,
  unitKey: (s, i) => s.words[i]!,
  unitFeatures(s, i, emit) {
    const word = s.words[i]!;
    const lower = word.toLowerCase(); // unit features are computed once per distinct word (cached)
    emit(P_WORD, word);
    emit(P_LOWER, lower);
    emit(P_SUF1, lower.slice(-1));
    emit(P_SUF2, lower.slice(-2));
    emit(P_SUF3, lower.slice(-3));
    emit(P_SUF4, lower.slice(-4));
    emit(P_PRE1, lower.slice(0, 1));
    emit(P_PRE2, lower.slice(0, 2));
    emit(P_PRE3, lower.slice(0, 3));
    emit(P_SHAPE, wordShape(word));
    for (const [flag, re] of FLAG_TESTS) if (re.test(word)) emit(P_FLAG, flag);
    emit(P_TAG_LOWER, lower);
  },
  extraFeatures(s, i, _tags, emit) {
    if (i === 0) emit(0, wordShape(s.words[0]!)); // sentence-initial capitals are weaker evidence of a name
  },
};

// Chunk unit templates (indices into CHUNK_SPEC.unitTemplates).
const C_LOWER = 0;
const C_FLAG = 1;
const C_LOWER_POS = 2;

/**
 * Chunk features: words in a window, the word with its POS tag, POS tags and
 * POS n-grams, and the previous chunk tags. POS tags are the spec's
 * attribute, so unit features depend on the word alone (cache key = word).
 * Words two positions away were dropped (-0.001 NP F1, a fifth fewer weights);
 * POS tags two positions away are kept.
 */
export const CHUNK_SPEC: TaggerSpec<ChunkInput> = {
  name: 'chunk-v1',
  unitTemplates: [
    { name: 'lower', offsets: [-1, 0, 1] },
    { name: 'flag', offsets: [0] },
    { name: 'lower', offsets: [0], attr: 0 },
  ],
  comboTemplates: [
    { tags: [-1] },
    { tags: [-2] },
    { tags: [-2, -1] },
    { attrs: [-2] },
    { attrs: [-1] },
    { attrs: [0] },
    { attrs: [1] },
    { attrs: [2] },
    { attrs: [-1, 0] },
    { attrs: [0, 1] },
    { attrs: [-2, -1] },
    { attrs: [1, 2] },
    { attrs: [-1, 0, 1] },
    { tags: [-1], attrs: [0] },
    { tags: [-1], attrs: [0, 1] },
  ],
  length: (s) => s.words.length,
  unitKey: (s, i) => s.words[i]!,
  unitFeatures(s, i, emit) {
    const word = s.words[i]!;
    const lower = word.toLowerCase();
    emit(C_LOWER, lower);
    if (/^\p{Lu}/u.test(word)) emit(C_FLAG, 'upper');
    if (/\p{N}/u.test(word)) emit(C_FLAG, 'digit');
    emit(C_LOWER_POS, lower);
  },
  attribute: (s, i) => s.pos[i]!,
  isAllowed(prev, next) {
    if (!next.startsWith('I-')) return true;
    return prev !== null && prev !== 'O' && prev.slice(2) === next.slice(2);
  },
};
