/**
 * Scoring for `npm run eval:extract` (article extraction against Readability's test pages).
 *
 * Definitions:
 * - body tokens: words of the text, lower-cased; a word is a run of letters and digits, and each
 *   Han, Hiragana or Katakana character is its own word (those scripts do not space words).
 *   Precision/recall/F1 count the multiset overlap of our body's tokens with the reference body's.
 *   The reference is the text of `expected.html` (Readability's output), which keeps image captions
 *   in the body; ours puts them in `article.image`, so captions count as misses here.
 * - title: exact match after collapsing white space.
 * - byline: our names joined with ", " match when, after lower-casing and dropping punctuation and a
 *   leading "by", they equal the reference or appear in it as a run of whole words
 *   ("jane roe" in "by jane roe staff writer"); no byline matches a null reference.
 * - excerpt (dek): equal after collapsing white space and lower-casing.
 * - published date: the same calendar day (YYYY-MM-DD) as the reference's publishedTime.
 * - site name: equal after lower-casing; null matches null.
 * Each metadata accuracy is over every page (a null reference is matched by a null answer) and,
 * in brackets, over the pages whose reference has a value.
 */
const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}\p{M}]+/gu;

export function tokens(text: string): string[] {
  return (text.toLowerCase().match(TOKEN) ?? []);
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

/** Multiset token overlap. Two empty texts score 1. */
export function tokenPrf(predicted: string, reference: string): Prf {
  const p = tokens(predicted);
  const r = tokens(reference);
  if (p.length === 0 && r.length === 0) return { precision: 1, recall: 1, f1: 1 };
  const counts = new Map<string, number>();
  for (const t of r) counts.set(t, (counts.get(t) ?? 0) + 1);
  let hit = 0;
  for (const t of p) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      hit++;
      counts.set(t, c - 1);
    }
  }
  const precision = p.length === 0 ? 0 : hit / p.length;
  const recall = r.length === 0 ? 0 : hit / r.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
const words = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim().replace(/^by /, '');

export function titleMatches(ours: string | null, ref: string | null): boolean {
  return squash(ours ?? '') === squash(ref ?? '');
}

export function bylineMatches(ours: string[], ref: string | null): boolean {
  const o = words(ours.join(', '));
  const r = words(ref ?? '');
  if (o === '' || r === '') return o === r;
  return o === r || ` ${r} `.includes(` ${o} `);
}

export function excerptMatches(ours: string | null, ref: string | null): boolean {
  return squash(ours ?? '').toLowerCase() === squash(ref ?? '').toLowerCase();
}

export function dayMatches(oursIso: string | null, refIso: string | null): boolean {
  return (oursIso ?? '').slice(0, 10) === (refIso ?? '').slice(0, 10);
}

export function siteMatches(ours: string | null, ref: string | null): boolean {
  return squash(ours ?? '').toLowerCase() === squash(ref ?? '').toLowerCase();
}
