/**
 * Case and letter properties of a word, computed once per distinct word and
 * memoized: the entity tagger's flag builders ask them of every token, and
 * regular expressions per token cost more than the tagging itself.
 *
 * @example
 * const info = wordInfo('Moscow');
 * (info.bits & WORD.UPPER_INITIAL) !== 0; // true
 * info.lower; // 'moscow'
 */

/** Bits of {@link WordInfo.bits}. */
export const WORD = {
  HAS_LETTER: 1,
  LOWER_INITIAL: 2,
  UPPER_INITIAL: 4,
  /** No lower-case letter and at least one upper-case one ("NATO", "U.S."). */
  ALL_CAPS: 8,
  HAS_DIGIT: 16,
  /** At least one upper-case letter anywhere ("iPhone", "McCain"). */
  HAS_UPPER: 32,
  /**
   * A particle that can begin a name ("de", "van": data/lexicon name-particles.json): kept here so
   * the entity tagger's check of every lower-case token (isPlainOutside) reads a bit of the word it
   * already holds instead of hashing it into a Set.
   */
  NAME_PARTICLE: 64,
} as const;

export interface WordInfo extends UnitHolder {
  readonly lower: string;
  /** The form the taggers see (normalizeWord: quotes, dashes, apostrophes). */
  readonly norm: string;
  readonly bits: number;
  /** The properties of `norm` (this object when the word is already normalized). */
  readonly normInfo: WordInfo;
  /**
   * One lookup keyed by this word, kept for its owner (the gazetteer's entry of `lower`, see
   * Gazetteer.scan): a large table probed per token misses the processor's cache, a field of the
   * word already in hand does not. `lookupOwner` tells whose value `lookup` is.
   */
  lookupOwner: object | undefined;
  lookup: unknown;
}

/**
 * Distinct words memoized, in two generations of half this size each (see
 * TwoGenerationCache): news vocabulary grows without bound, so words not met for
 * a while are dropped, with what taggers derived from them (the entity
 * tagger keeps two packed units on a word, about 1.5 KB each on eng.testa).
 * eng.testa has 20,000 distinct words; a smaller memo made a long stream of
 * news slower, as words were dropped and packed again.
 */
export const MAX_MEMOIZED_WORDS = 100_000;

import { normalizeWord } from './pos-features.js';
import type { UnitHolder } from './perceptron.js';
import { TwoGenerationCache } from './two-generation-cache.js';
import { NAME_PARTICLES } from '../data/lexicon.js';

const RE = {
  hasLetter: /\p{L}/u,
  lowerInitial: /^\p{Ll}/u,
  upperInitial: /^\p{Lu}/u,
  allCaps: /^[^\p{Ll}]*\p{Lu}[^\p{Ll}]*$/u,
  hasDigit: /\p{N}/u,
  hasUpper: /\p{Lu}/u,
} as const;

/**
 * A memoized word: one class, so every WordInfo has one shape. Made with `new` rather than an
 * object literal: V8 tracks a literal's allocation site and, once it sees these long-lived objects
 * survive collections, switches the site to old-space allocation, which discards the optimized
 * code that allocates them or reads them (wordInfo, and the tagger's tag() through its holders):
 * a recompilation of tag() in the middle of a cold pass costs as much as tagging thousands of tokens.
 */
class MemoWord implements WordInfo {
  normInfo: WordInfo;
  unit0: Int32Array | undefined = undefined;
  owner0: object | undefined = undefined;
  unit1: Int32Array | undefined = undefined;
  owner1: object | undefined = undefined;
  lookupOwner: object | undefined = undefined;
  lookup: unknown = undefined;

  constructor(
    readonly lower: string,
    readonly norm: string,
    readonly bits: number,
  ) {
    this.normInfo = this;
  }
}

const memo = new TwoGenerationCache<WordInfo>(MAX_MEMOIZED_WORDS);

/**
 * The bits of an all-ASCII word from its character codes, or -1 when it has another character.
 * In ASCII the regular expressions' classes are plain ranges (`\p{Lu}`: A-Z, `\p{Ll}`: a-z, `\p{N}`: 0-9),
 * so the bits are the same; a new word costs one scan instead of six regular expressions.
 */
function asciiBits(word: string): number {
  let bits = 0;
  let lower = false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 128) return -1;
    if (c >= 97 && c <= 122) {
      lower = true;
      bits |= WORD.HAS_LETTER | (i === 0 ? WORD.LOWER_INITIAL : 0);
    } else if (c >= 65 && c <= 90) bits |= WORD.HAS_LETTER | WORD.HAS_UPPER | (i === 0 ? WORD.UPPER_INITIAL : 0);
    else if (c >= 48 && c <= 57) bits |= WORD.HAS_DIGIT;
  }
  if (!lower && (bits & WORD.HAS_UPPER) !== 0) bits |= WORD.ALL_CAPS;
  return bits;
}

/** The properties of one word (memoized). */
export function wordInfo(word: string): WordInfo {
  const info = memo.get(word);
  if (info !== undefined) return info;
  let bits = asciiBits(word);
  if (bits < 0) {
    bits = 0;
    if (RE.hasLetter.test(word)) bits |= WORD.HAS_LETTER;
    if (RE.lowerInitial.test(word)) bits |= WORD.LOWER_INITIAL;
    if (RE.upperInitial.test(word)) bits |= WORD.UPPER_INITIAL;
    if (RE.allCaps.test(word)) bits |= WORD.ALL_CAPS;
    if (RE.hasDigit.test(word)) bits |= WORD.HAS_DIGIT;
    if (RE.hasUpper.test(word)) bits |= WORD.HAS_UPPER;
  }
  if (NAME_PARTICLES.has(word)) bits |= WORD.NAME_PARTICLE;
  const norm = normalizeWord(word);
  const created = new MemoWord(word.toLowerCase(), norm, bits);
  // Normalizing twice changes nothing, so the normalized form's own normInfo is itself.
  if (norm !== word) created.normInfo = wordInfo(norm);
  memo.set(word, created);
  return created;
}

