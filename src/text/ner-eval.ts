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

/** Brief entity types as CoNLL types. */
const CONLL_TYPE: Readonly<Record<string, string>> = { PERSON: 'PER', ORG: 'ORG', PLACE: 'LOC', MISC: 'MISC' };

/** What scoring through the whole pipeline needs: explain() on a text, its entities' types and mention offsets. */
export type ExplainEntities = (text: string) => { type: string; mentions: { start: number; end: number }[] }[];

/**
 * Score the entities of full briefs, as an outside scorer would: each
 * document (or each sentence, with `perSentence`) is given to `explain` as its
 * tokens joined by single spaces, sentences on their own lines, without
 * cleanup; a mention counts when its offsets fall on token boundaries of one
 * sentence and its type and span match a gold entity.
 */
export function scoreNerThroughExplain(explainEntities: ExplainEntities, docs: readonly (readonly ConllSentence[])[], perSentence = false): NerReport {
  const gold: string[][] = [];
  const predicted: string[][] = [];
  let tokens = 0;
  const t0 = performance.now();
  for (const doc of docs) {
    for (const unit of perSentence ? doc.map((s) => [s]) : [doc]) {
      const starts = new Map<number, [number, number]>();
      const ends = new Map<number, [number, number]>();
      const tags = unit.map((s) => s.words.map(() => 'O'));
      let at = 0;
      unit.forEach((s, k) =>
        s.words.forEach((w, i) => {
          starts.set(at, [k, i]);
          ends.set(at + w.length, [k, i]);
          at += w.length + 1;
        }),
      );
      for (const e of explainEntities(unit.map((s) => s.words.join(' ')).join('\n'))) {
        for (const m of e.mentions) {
          const a = starts.get(m.start);
          const b = ends.get(m.end);
          if (a === undefined || b === undefined || a[0] !== b[0]) continue;
          for (let i = a[1]; i <= b[1]; i++) tags[a[0]]![i] = `${i === a[1] ? 'B' : 'I'}-${CONLL_TYPE[e.type] ?? 'MISC'}`;
        }
      }
      unit.forEach((s, k) => {
        gold.push(s.ner);
        predicted.push(tags[k]!);
        tokens += s.words.length;
      });
    }
  }
  const seconds = (performance.now() - t0) / 1000;
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
