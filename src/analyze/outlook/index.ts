/**
 * Outlook: hedged or forward-looking statements ("likely", "probably won’t",
 * "expected to"), one item per sentence with the cue that marked it.
 */
import type { Outlook } from '../../brief/schema.js';
import { CUES, phraseRegExp } from '../../data/lexicon.js';
import type { Doc, Stage } from '../types.js';
import { layer } from '../types.js';

const CUE = phraseRegExp(CUES.outlook, 'iu');

export function extractOutlook(doc: Doc): Outlook[] {
  const headings = new Set(layer(doc, 'headings').map((h) => h.start));
  const out: Outlook[] = [];
  for (const s of layer(doc, 'sentences')) {
    if (headings.has(s.start)) continue;
    const piece = doc.text.slice(s.start, s.end);
    const m = CUE.exec(piece);
    if (!m) continue;
    out.push({ text: piece, start: s.start, end: s.end, cue: m[0] });
  }
  return out;
}

export const outlookStage: Stage<'outlook'> = {
  name: 'outlook', reads: ['sentences', 'headings'], writes: 'outlook',
  run: extractOutlook,
};
