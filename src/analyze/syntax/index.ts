/**
 * Syntax stage: a part-of-speech tag and an IOB2 phrase-chunk tag for every
 * token (src/text/pos.ts; models trained by `npm run train:pos`). Later
 * stages read it to tell a verb from a noun ("plans", "support") and to find
 * the noun phrase that is a clause's subject.
 */
import { tagTokens } from '../../text/pos.js';
import type { Stage } from '../types.js';
import { layer } from '../types.js';

export const syntaxStage: Stage<'syntax'> = {
  name: 'syntax', reads: ['sentences', 'tokens'], writes: 'syntax',
  run: (doc) => tagTokens(doc.text, layer(doc, 'tokens'), layer(doc, 'sentences')),
};
