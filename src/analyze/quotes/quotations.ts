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

/**
 * Curly, guillemet and straight marks. A straight mark opens when nothing is
 * open and closes otherwise. An opening mark with no closing mark before the
 * paragraph ends runs to the paragraph's end (`open`): the quote continues in
 * the next paragraph, as news style marks it.
 */
export function findQuotations(text: string, paragraphs: readonly Span[]): Quotation[] {
  const out: Quotation[] = [];
  paragraphs.forEach((p, pi) => {
    let openAt = -1;
    let straight = false;
    for (let i = p.start; i < p.end; i++) {
      const ch = text[i]!;
      if (openAt < 0) {
        if (OPEN_MARKS.includes(ch)) { openAt = i; straight = false; }
        else if (ch === '"') { openAt = i; straight = true; }
      } else if ((straight && ch === '"') || (!straight && CLOSE_MARKS.includes(ch))) {
        out.push({ start: openAt, end: i + 1, inner: trimSpan(text, { start: openAt + 1, end: i }, ','), open: false, paragraph: pi });
        openAt = -1;
      }
    }
    if (openAt >= 0) out.push({ start: openAt, end: p.end, inner: trimSpan(text, { start: openAt + 1, end: p.end }), open: true, paragraph: pi });
  });
  return out;
}

export const quotationsStage: Stage<'quotations'> = {
  name: 'quotations', reads: ['paragraphs'], writes: 'quotations',
  run: (doc) => findQuotations(doc.text, layer(doc, 'paragraphs')),
};
