/**
 * Quotations: every stretch between quotation marks, per paragraph: double
 * marks, and single marks outside them (British style, ‘…’ or '…').
 * Whether a quotation is speech, a title or a scare quote is decided later
 * by the quotes stage; this layer only finds the marks.
 */
import type { Span } from '../../text/span.js';
import { trimSpan } from '../../text/span.js';
import type { Quotation, Stage } from '../types.js';
import { layer } from '../types.js';

const OPEN_MARKS = '“«„';
const CLOSE_MARKS = '”»';

/** An opening mark typed where a closing one belongs ("abhorrent“ and): after a word, before a space or punctuation. */
function closesHere(text: string, i: number): boolean {
  return i > 0 && /[\p{L}\p{N}.,!?…]/u.test(text[i - 1]!) && (i + 1 >= text.length || /[\s.,;:!?)\]—–-]/u.test(text[i + 1]!));
}

/**
 * A closing mark typed where an opening one belongs (”We won,” she said): nothing is open, it starts
 * the paragraph or follows a space, and a word or an ellipsis comes right after it.
 */
function opensHere(text: string, i: number, paragraphStart: number): boolean {
  const before = i === paragraphStart || /[\s(\u202a-\u202e]/u.test(text[i - 1]!);
  return before && /^(?:[\p{L}\p{N}…]|\s…)/u.test(text.slice(i + 1, i + 3));
}

/**
 * Curly, guillemet and straight marks, and doubled apostrophes. A straight
 * mark opens when nothing is open and closes otherwise. An opening mark with no closing mark before the
 * paragraph ends runs to the paragraph's end (`open`): the quote continues in
 * the next paragraph, as news style marks it.
 */
export function findQuotations(text: string, paragraphs: readonly Span[]): Quotation[] {
  const out: Quotation[] = [];
  paragraphs.forEach((p, pi) => {
    const paragraphFrom = out.length;
    let openAt = -1;
    let openLen: 1 | 2 = 1;
    for (let i = p.start; i < p.end; i++) {
      const ch = text[i]!;
      // Two apostrophes stand for a double mark in some wire and newspaper text (''Yes,'' he said).
      const twin = ch === "'" && text[i + 1] === "'" ? 2 : ch === '`' && text[i + 1] === '`' ? 2 : 0;
      if (openAt < 0) {
        if (OPEN_MARKS.includes(ch) || ch === '"' || (ch === '”' && opensHere(text, i, p.start))) { openAt = i; openLen = 1; }
        else if (twin) { openAt = i; openLen = 2; i++; }
      } else if (openLen === 2 ? twin > 0 && ch === "'" : ch === '"' || CLOSE_MARKS.includes(ch) || (OPEN_MARKS.includes(ch) && closesHere(text, i))) {
        // Scraped text mixes straight and curly marks ("… would,” she said): any double closing mark closes.
        const markLen = openLen;
        out.push({ start: openAt, end: i + markLen, inner: trimSpan(text, { start: openAt + openLen, end: i }, ','), open: false, single: false, markLength: openLen, paragraph: pi });
        openAt = -1;
        i += markLen - 1;
      }
    }
    if (openAt >= 0) out.push({ start: openAt, end: p.end, inner: trimSpan(text, { start: openAt + openLen, end: p.end }), open: true, single: false, markLength: openLen, paragraph: pi });
    const doubles = out.slice(paragraphFrom);
    const singles = singleQuotations(text, p, pi, doubles);
    if (singles.length > 0) {
      // Double marks inside single ones are quotations nested in them ('He said "no" twice'): the outer
      // one stays. Both lists are sorted and each is disjoint, so one sweep merges them.
      const merged: Quotation[] = [];
      let s = 0;
      for (const q of doubles) {
        while (s < singles.length && singles[s]!.end <= q.start) merged.push(singles[s++]!);
        if (s < singles.length && singles[s]!.start < q.start && q.end < singles[s]!.end) continue;
        merged.push(q);
      }
      while (s < singles.length) merged.push(singles[s++]!);
      out.length = paragraphFrom;
      out.push(...merged);
    }
  });
  return out;
}

const SINGLE_OPEN = "‘'";
const SINGLE_CLOSE = "’'";

/**
 * Quotations between single marks in paragraph `p`, outside its double-mark quotations. A single mark
 * is also an apostrophe ("don't", "the workers’ union", "’90s"), so a mark opens only before a letter
 * after a space, a bracket or a dash (or at the paragraph's start), and closes only after a letter,
 * a digit or a sentence mark when no letter follows; after a word ending in s and before a
 * lower-case word it is a plural possessive and closes nothing ("the workers’ union"). An opening mark
 * at the start of the paragraph or of a sentence with no closing mark runs to the paragraph's end, as
 * a quote going on into the next paragraph does; elsewhere it is left alone.
 */
function singleQuotations(text: string, p: Span, pi: number, doubles: readonly Quotation[]): Quotation[] {
  const out: Quotation[] = [];
  // Whether the paragraph is a headline in title case, found on the first opening mark (most have none).
  let titleCase: boolean | null = null;
  // Doubles are sorted and disjoint: one pointer walks them as i grows (no scan per mark).
  let d = 0;
  const inDouble = (i: number): boolean => {
    while (d < doubles.length && doubles[d]!.end <= i) d++;
    return d < doubles.length && doubles[d]!.start <= i;
  };
  const doubleStartsWithin = (from: number, to: number): boolean => {
    while (d < doubles.length && doubles[d]!.end <= from) d++;
    for (let k = d; k < doubles.length && doubles[k]!.start < to; k++) if (doubles[k]!.start > from && doubles[k]!.end > to + 1) return true;
    return false;
  };
  let openAt = -1;
  for (let i = p.start; i < p.end; i++) {
    const ch = text[i]!;
    if (!SINGLE_OPEN.includes(ch) && !SINGLE_CLOSE.includes(ch)) continue;
    if (text[i + 1] === "'" || text[i - 1] === "'") continue; // doubled apostrophes are double marks
    if (openAt >= 0 && SINGLE_CLOSE.includes(ch) && closesSingle(text, i)) {
      // (Not across a double-mark quotation, and not a lone letter: "rock 'n' roll".)
      if (!doubleStartsWithin(openAt, i) && /\p{L}.*\p{L}/u.test(text.slice(openAt + 1, i))) {
        out.push({ start: openAt, end: i + 1, inner: trimSpan(text, { start: openAt + 1, end: i }, ','), open: false, single: true, markLength: 1, paragraph: pi });
      }
      openAt = -1;
      continue;
    }
    if (openAt < 0 && SINGLE_OPEN.includes(ch) && !inDouble(i) && (i === p.start || /[\s([—–-]/u.test(text[i - 1]!)) && /\p{L}/u.test(text[i + 1] ?? '')) {
      titleCase ??= isTitleCase(text.slice(p.start, p.end));
      if (titleCase) return out;
      openAt = i;
    }
  }
  // Left open at the paragraph's end: a quote going on into the next paragraph, when it opened the
  // paragraph or a sentence ("…,’ he added. ‘Now it is gone."); else an apostrophe ("'em").
  const opensSentence = openAt >= 0 && (openAt === p.start || /(?:[.!?…]["”’']?|:)\s+$/u.test(text.slice(Math.max(p.start, openAt - 4), openAt)));
  if (opensSentence) out.push({ start: openAt, end: p.end, inner: trimSpan(text, { start: openAt + 1, end: p.end }), open: true, single: true, markLength: 1, paragraph: pi });
  return out;
}

/**
 * A headline in title case ("Rubio Did Well In ‘More Rubio-Style Debate’"): American headlines quote
 * with single marks for titles, slogans and snippets alike, and their words are no body's speech layout;
 * single marks there are left to the double-mark rules.
 */
function isTitleCase(paragraph: string): boolean {
  const words = paragraph.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
  if (words.length < 3) return false;
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return capitalised / words.length >= 0.6;
}

/** Whether the single mark at i can close a quotation (see singleQuotations). */
function closesSingle(text: string, i: number): boolean {
  const before = text[i - 1] ?? '';
  const after = text[i + 1] ?? '';
  if (!/[\p{L}\p{N}.,!?…]/u.test(before) || /[\p{L}\p{N}]/u.test(after)) return false;
  return !(/[sS]/u.test(before) && /^\s+\p{Ll}/u.test(text.slice(i + 1, i + 4)));
}

export const quotationsStage: Stage<'quotations'> = {
  name: 'quotations', reads: ['paragraphs'], writes: 'quotations',
  run: (doc) => findQuotations(doc.text, layer(doc, 'paragraphs')),
};
