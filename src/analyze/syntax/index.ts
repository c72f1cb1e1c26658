/**
 * Syntax stage: a part-of-speech tag and an IOB2 phrase-chunk tag for every
 * token (src/text/pos.ts; models trained by `npm run train:pos`). Later
 * stages read it to tell a verb from a noun ("plans", "support") and to find
 * the noun phrase that is a clause's subject.
 *
 * The layer is lazy: a sentence is tagged when a stage first reads one of its
 * tokens (tagging is the costliest step of the pipeline, and only sentences
 * with an attribution cue are read). Tags do not depend on when they are read.
 */
import { LazySyntax } from '../../text/pos.js';
import type { Stage } from '../types.js';
import { layer } from '../types.js';

export const syntaxStage: Stage<'syntax'> = {
  name: 'syntax', reads: ['sentences', 'tokens'], writes: 'syntax',
  run: (doc) => new LazySyntax(layer(doc, 'tokens'), layer(doc, 'sentences')),
};
