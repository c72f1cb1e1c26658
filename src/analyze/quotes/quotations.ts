/**
 * Quotations: every stretch between double quotation marks, per paragraph.
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
    let openAt = -1;
    let openLen = 1;
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
        out.push({ start: openAt, end: i + markLen, inner: trimSpan(text, { start: openAt + openLen, end: i }, ','), open: false, paragraph: pi });
        openAt = -1;
        i += markLen - 1;
      }
    }
    if (openAt >= 0) out.push({ start: openAt, end: p.end, inner: trimSpan(text, { start: openAt + openLen, end: p.end }), open: true, paragraph: pi });
  });
  return out;
}

export const quotationsStage: Stage<'quotations'> = {
  name: 'quotations', reads: ['paragraphs'], writes: 'quotations',
  run: (doc) => findQuotations(doc.text, layer(doc, 'paragraphs')),
};
