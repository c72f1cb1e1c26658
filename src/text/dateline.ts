/**
 * Wire datelines: "WASHINGTON (AP) — ", "COPENHAGEN, March 3 (Reuters) - " at the start of a paragraph say
 * where a story was filed. They are nobody's words and no actor of the sentence after them, so the quotes
 * and events stages read the sentence from after the dash.
 */
import type { Span } from './span.js';

/**
 * A place in capitals (three at least, so that "US - China talks …" keeps its words), perhaps a region or a
 * date after a comma, perhaps the agency in brackets, then a dash.
 */
const DATELINE = /^\p{Lu}{3,}[\p{Lu} .'’-]{0,30}(?:,[\p{L}\p{N} .,]{1,40})?\s*(?:\([^)\n]{1,40}\)\s*)?(?:—|–|--?)\s/u;

/** Where the dateline opening a paragraph ends (after its dash), or the paragraph's start when it has none. */
export function datelineEnd(text: string, paragraph: Span): number {
  const m = DATELINE.exec(text.slice(paragraph.start, Math.min(paragraph.end, paragraph.start + 120)));
  return m ? paragraph.start + m[0].length : paragraph.start;
}
