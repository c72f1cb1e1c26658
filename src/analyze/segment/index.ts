/**
 * Segmentation stages: paragraphs, sentences, tokens and section headings.
 */
import type { Heading } from '../../brief/schema.js';
import { segmentParagraphs, segmentSentences, tokenize } from '../../text/segment.js';
import type { Doc, Stage } from '../types.js';
import { layer } from '../types.js';

/** Headings are short lines without final punctuation, followed by more text. */
const MAX_HEADING_WORDS = 12;

export const paragraphsStage: Stage<'paragraphs'> = {
  name: 'paragraphs', reads: [], writes: 'paragraphs',
  run: (doc) => segmentParagraphs(doc.text),
};

export const sentencesStage: Stage<'sentences'> = {
  name: 'sentences', reads: ['paragraphs'], writes: 'sentences',
  run: (doc) => segmentSentences(doc.text, layer(doc, 'paragraphs')),
};

export const tokensStage: Stage<'tokens'> = {
  name: 'tokens', reads: [], writes: 'tokens',
  run: (doc) => tokenize(doc.text),
};

export function isHeadingText(text: string): boolean {
  const words = text.split(/\s+/).length;
  return words <= MAX_HEADING_WORDS && /^["“]?\p{Lu}/u.test(text) && !/[.,;:!?…"”’)]$/u.test(text) && !/["“”]/u.test(text);
}

export const headingsStage: Stage<'headings'> = {
  name: 'headings', reads: ['paragraphs'], writes: 'headings',
  run: (doc: Doc): Heading[] => {
    const paras = layer(doc, 'paragraphs');
    const out: Heading[] = [];
    paras.forEach((p, i) => {
      if (i === paras.length - 1) return;
      const text = doc.text.slice(p.start, p.end);
      if (isHeadingText(text)) out.push({ text, start: p.start, end: p.end });
    });
    return out;
  },
};
