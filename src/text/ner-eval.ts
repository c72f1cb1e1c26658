/**
 * Entity-level scoring of the entity tagger on CoNLL-format documents, with
 * the conlleval definition: an entity counts as correct only when its type and
 * both boundaries match the gold entity exactly; precision, recall and F1 per
 * type and over all types (micro-averaged).
 *
 * @example
 * const report = scoreNer(nerTagger(), readConllDocuments(file));
 * console.log(report.overall.f1);
 */
import { performance } from 'node:perf_hooks';
import { scoreChunks } from './conll.js';
import type { ChunkScore, ConllSentence } from './conll.js';
import type { NerTagger } from './ner.js';
import { NER_TYPES } from './ner-features.js';

export interface NerReport {
  overall: ChunkScore;
  byType: Record<string, ChunkScore>;
  tokens: number;
  /** Tagging speed, whole documents (flags and tagging), tokens per second. */
  tokensPerSecond: number;
  /** Predicted tags, per sentence in file order. */
  predicted: string[][];
}

/** Tag every document and score the predictions against the file's entity column. */
export function scoreNer(tagger: NerTagger, docs: readonly (readonly ConllSentence[])[]): NerReport {
  const gold: string[][] = [];
  const predicted: string[][] = [];
  let tokens = 0;
  const t0 = performance.now();
  for (const doc of docs) {
    const tags = tagger.tagDocument(doc.map((s) => s.words));
    for (const t of tags) predicted.push(t);
  }
  const seconds = (performance.now() - t0) / 1000;
  for (const doc of docs) {
    for (const s of doc) {
      gold.push(s.ner);
      tokens += s.words.length;
    }
  }
  const byType: Record<string, ChunkScore> = {};
  for (const type of NER_TYPES) byType[type] = scoreChunks(gold, predicted, type);
  return { overall: scoreChunks(gold, predicted), byType, tokens, tokensPerSecond: Math.round(tokens / Math.max(seconds, 1e-9)), predicted };
}

/** A printable table of a report (precision, recall, F1, gold and predicted counts). */
export function formatNerReport(report: NerReport): string {
  const row = (name: string, s: ChunkScore): string =>
    `${name.padEnd(8)} ${s.precision.toFixed(4)}  ${s.recall.toFixed(4)}  ${s.f1.toFixed(4)}  ${String(s.gold).padStart(6)}  ${String(s.predicted).padStart(6)}`;
  const lines = [`${'type'.padEnd(8)} precision recall  F1      gold    predicted`];
  for (const [type, s] of Object.entries(report.byType)) lines.push(row(type, s));
  lines.push(row('overall', report.overall));
  return lines.join('\n');
}
