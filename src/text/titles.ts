/**
 * Titles before a name, read from tokens: the entity stage and the quote stage ask the same question
 * ("does a title of data/lexicon/titles.json start here, and how many tokens long?").
 */
import { PREMODIFIER_TITLES, PREMODIFIER_TITLE_MAX_WORDS } from '../data/lexicon.js';
import type { Token } from './segment.js';

/** The text of a run of tokens as written, runs of white space read as one space. */
export function joinTokens(text: string, toks: readonly Token[]): string {
  if (toks.length === 0) return '';
  return text.slice(toks[0]!.start, toks[toks.length - 1]!.end).replace(/\s+/gu, ' ');
}

/**
 * Tokens of the longest title of `titles` (default: the pre-modifier titles) starting at toks[i] and
 * ending before toks[limit]; 0 when none.
 *
 * @example
 * matchTitle('Sen. Ted Cruz', tokenize('Sen. Ted Cruz'), 0, 3); // 1 ("Sen.")
 */
export function matchTitle(text: string, toks: readonly Token[], i: number, limit: number, titles: ReadonlySet<string> = PREMODIFIER_TITLES): number {
  for (let len = Math.min(PREMODIFIER_TITLE_MAX_WORDS, limit - i); len >= 1; len--) {
    if (titles.has(joinTokens(text, toks.slice(i, i + len)))) return len;
  }
  return 0;
}
