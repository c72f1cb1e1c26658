/**
 * Scoring the POS tagger and chunker on CoNLL-2003-style sentences: POS
 * accuracy, chunk-tag accuracy and chunk F1. Used by scripts/train-pos.ts and
 * the accuracy test (src/text/pos.test.ts).
 *
 * @example
 * const scores = scoreSyntax(syntaxTagger(), readConll(conllFile('eng.testa')!));
 * scores.posAccuracy; // ≈ 0.95
 */
import { performance } from 'node:perf_hooks';
import { iob1ToIob2, scoreChunks } from './conll.js';
import type { ConllSentence } from './conll.js';
import type { SyntaxTagger } from './pos.js';
import { normalizeWord } from './pos-features.js';

/** POS tags of the data that we fold into another (a handful of ambiguous annotations). */
export const POS_TAG_MAP: Readonly<Record<string, string>> = { 'NN|SYM': 'NN' };

export interface SyntaxScores {
  sentences: number;
  tokens: number;
  posAccuracy: number;
  /** IOB2 chunk tag accuracy (chunker on predicted POS). */
  chunkAccuracy: number;
  chunkF1: number;
  npF1: number;
  vpF1: number;
  /** Tagging speed on this data (both models, words already normalized, second pass). */
  tokensPerSecond: number;
}

/** Gold POS tags of a sentence, with POS_TAG_MAP applied. */
export function goldPos(s: ConllSentence): string[] {
  return s.pos.map((t) => POS_TAG_MAP[t] ?? t);
}

/** Tag every sentence (POS predicted, chunker on the predicted POS) and score against the gold columns. */
export function scoreSyntax(tagger: SyntaxTagger, sentences: readonly ConllSentence[]): SyntaxScores {
  const words = sentences.map((s) => s.words.map(normalizeWord));
  const results = words.map((w) => tagger.tagNormalized(w));
  // Speed: a second, timed pass (the first one warms the JIT and the taggers' caches).
  const t0 = performance.now();
  for (const w of words) tagger.tagNormalized(w);
  const ms = performance.now() - t0;
  let posRight = 0;
  let chunkRight = 0;
  let tokens = 0;
  const gold: string[][] = [];
  const predicted: string[][] = [];
  sentences.forEach((s, k) => {
    const r = results[k]!;
    const gp = goldPos(s);
    const gc = iob1ToIob2(s.chunk);
    gp.forEach((t, i) => {
      if (r.pos[i] === t) posRight++;
      if (r.chunk[i] === gc[i]) chunkRight++;
    });
    tokens += gp.length;
    gold.push(gc);
    predicted.push(r.chunk);
  });
  return {
    sentences: sentences.length,
    tokens,
    posAccuracy: tokens === 0 ? 0 : posRight / tokens,
    chunkAccuracy: tokens === 0 ? 0 : chunkRight / tokens,
    chunkF1: scoreChunks(gold, predicted).f1,
    npF1: scoreChunks(gold, predicted, 'NP').f1,
    vpF1: scoreChunks(gold, predicted, 'VP').f1,
    tokensPerSecond: ms > 0 ? Math.round(tokens / (ms / 1000)) : 0,
  };
}
