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
} as const;

export interface WordInfo {
  readonly lower: string;
  /** The form the taggers see (normalizeWord: quotes, dashes, apostrophes). */
  readonly norm: string;
  readonly bits: number;
}

/** Distinct words memoized; beyond this the memo is cleared (news vocabulary grows without bound). */
export const MAX_MEMOIZED_WORDS = 100_000;

import { normalizeWord } from './pos-features.js';

const RE = {
  hasLetter: /\p{L}/u,
  lowerInitial: /^\p{Ll}/u,
  upperInitial: /^\p{Lu}/u,
  allCaps: /^[^\p{Ll}]*\p{Lu}[^\p{Ll}]*$/u,
  hasDigit: /\p{N}/u,
  hasUpper: /\p{Lu}/u,
} as const;

const memo = new Map<string, WordInfo>();

/** The properties of one word (memoized). */
export function wordInfo(word: string): WordInfo {
  let info = memo.get(word);
  if (info !== undefined) return info;
  let bits = 0;
  if (RE.hasLetter.test(word)) bits |= WORD.HAS_LETTER;
  if (RE.lowerInitial.test(word)) bits |= WORD.LOWER_INITIAL;
  if (RE.upperInitial.test(word)) bits |= WORD.UPPER_INITIAL;
  if (RE.allCaps.test(word)) bits |= WORD.ALL_CAPS;
  if (RE.hasDigit.test(word)) bits |= WORD.HAS_DIGIT;
  if (RE.hasUpper.test(word)) bits |= WORD.HAS_UPPER;
  info = { lower: word.toLowerCase(), norm: normalizeWord(word), bits };
  if (memo.size >= MAX_MEMOIZED_WORDS) memo.clear();
  memo.set(word, info);
  return info;
}
