/**
 * Scoring for `npm run eval:events` (scripts/eval-events.ts).
 *
 * Each record is one sentence with its expected events {source, target, code}.
 * Per sentence, predicted and expected events are matched one-to-one as
 * multisets at three levels:
 *   - exact: source, target and code all equal (codes as strings, leading zeros matter);
 *   - root:  source, target and the code's two-digit root;
 *   - quad:  source, target and the quad class (1–4; a code outside CAMEO's roots keeps its root).
 * Counts are summed over sentences (micro P/R/F1), overall and per suite.
 * A sentence is right when its predicted events equal the expected ones
 * exactly (as multisets); a no-event sentence is right when nothing is coded.
 * Expected actors written as a quoted literal noun phrase (held-out records
 * with new_actor_length > 0) can never match: we do not code new actors.
 */
import { readFileSync } from 'node:fs';
import { quadOfRoot, rootOf } from '../../src/analyze/events/cameo.js';
import { codeSentence } from '../../src/analyze/events/index.js';
import { loadDictionarySet } from '../../src/analyze/events/dictionary.js';

export interface Triple {
  source: string;
  target: string;
  code: string;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export type Level = 'exact' | 'root' | 'quad';
export const LEVELS: readonly Level[] = ['exact', 'root', 'quad'];

export function keyAt(t: Triple, level: Level): string {
  if (level === 'exact') return `${t.source}>${t.target}:${t.code}`;
  const root = rootOf(t.code);
  if (level === 'root') return `${t.source}>${t.target}:${root}`;
  return `${t.source}>${t.target}:q${quadOfRoot(root) ?? root}`;
}

/** One-to-one multiset matching of two lists of keys. */
export function matchCounts(pred: readonly string[], gold: readonly string[]): Counts {
  const left = new Map<string, number>();
  for (const g of gold) left.set(g, (left.get(g) ?? 0) + 1);
  let tp = 0;
  for (const p of pred) {
    const n = left.get(p) ?? 0;
    if (n > 0) {
      tp++;
      left.set(p, n - 1);
    }
  }
  return { tp, fp: pred.length - tp, fn: gold.length - tp };
}

export function add(a: Counts, b: Counts): Counts {
  return { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn };
}

export function prf(c: Counts): { p: number; r: number; f1: number } {
  const p = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const r = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  return { p, r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r) };
}

export interface SentenceScore {
  suite: string;
  counts: Record<Level, Counts>;
  correct: boolean;
}

export function scoreSentence(suite: string, pred: readonly Triple[], gold: readonly Triple[]): SentenceScore {
  const counts = {} as Record<Level, Counts>;
  for (const level of LEVELS) counts[level] = matchCounts(pred.map((t) => keyAt(t, level)), gold.map((t) => keyAt(t, level)));
  const exact = counts.exact;
  return { suite, counts, correct: exact.fp === 0 && exact.fn === 0 };
}

export interface Summary {
  sentences: number;
  correct: number;
  counts: Record<Level, Counts>;
}

export function summarize(scores: readonly SentenceScore[]): Summary {
  const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0 });
  const counts: Record<Level, Counts> = { exact: zero(), root: zero(), quad: zero() };
  let correct = 0;
  for (const s of scores) {
    for (const level of LEVELS) counts[level] = add(counts[level], s.counts[level]);
    if (s.correct) correct++;
  }
  return { sentences: scores.length, correct, counts };
}

export function formatSummary(name: string, s: Summary): string {
  const cells = LEVELS.map((level) => {
    const { p, r, f1 } = prf(s.counts[level]);
    return `${level} P ${p.toFixed(3)} R ${r.toFixed(3)} F1 ${f1.toFixed(3)}`;
  });
  return `${name.padEnd(20)} ${String(s.sentences).padStart(4)} sent  acc ${(s.correct / Math.max(1, s.sentences)).toFixed(3)}  | ${cells.join(' | ')}`;
}

export interface EventRecord {
  id: string;
  suite: string;
  text: string;
  date: string | null;
  expected: Triple[];
  dictionaries: string;
  settings?: { require_dyad?: boolean };
}

/** Read an events JSONL file; throws with the line number on a bad line. */
export function readEventRecords(file: string): EventRecord[] {
  const out: EventRecord[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((line, n) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line) as EventRecord);
    } catch (e) {
      throw new Error(`line ${n + 1} of ${file} is not JSON: ${(e as Error).message}`);
    }
  });
  return out;
}

export interface RecordResult {
  record: EventRecord;
  predicted: Triple[];
  score: SentenceScore;
}

/**
 * Code every record with the set it names (`validate` or `phoenix`; compiled,
 * or raw from `dictDir`) and its require_dyad setting, and score it.
 */
export function evaluateRecords(records: readonly EventRecord[], dictDir: string | null = null): RecordResult[] {
  return records.map((record) => {
    const set = loadDictionarySet(record.dictionaries === 'validate' ? 'validate' : 'phoenix', dictDir);
    const { events } = codeSentence(record.text, { date: record.date, set, requireDyad: record.settings?.require_dyad ?? true });
    const predicted = events.map((e) => ({ source: e.sourceCode, target: e.targetCode, code: e.code }));
    return { record, predicted, score: scoreSentence(record.suite, predicted, record.expected) };
  });
}
