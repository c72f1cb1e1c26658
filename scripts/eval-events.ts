/**
 * `npm run eval:events -- [FILE] [--errors] [--dictionaries DIR] [--json]`
 *
 * Code every sentence of an events evaluation file (default:
 * ../shared/data/events-dev/events-dev.jsonl) with the dictionary set the
 * record names (`validate` or `phoenix`; compiled sets from data/events/, or
 * raw dictionaries from DIR) and the record's settings (require_dyad), and
 * print precision, recall and F1 at the exact, root and quad-class levels,
 * overall and per suite, plus sentence accuracy (definitions in
 * scripts/eval/events-score.ts). `--errors` lists the sentences coded wrong.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sharedDataDir } from '../src/data/paths.js';
import type { EventRecord, SentenceScore, Triple } from './eval/events-score.js';
import { evaluateRecords, formatSummary, prf, readEventRecords, summarize } from './eval/events-score.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dictDir = option('--dictionaries') ?? null;
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1] === '--dictionaries'));
let file = positional[0];
if (!file) {
  const shared = sharedDataDir();
  if (!shared) {
    console.log('eval:events skipped: no FILE given and ../shared/data is not here (set BRIEFLY_SHARED_DATA to its path).');
    process.exit(0);
  }
  file = path.join(shared, 'events-dev', 'events-dev.jsonl');
}
if (!existsSync(file)) {
  console.error(`eval:events: ${file} does not exist.`);
  process.exit(2);
}

let records: EventRecord[];
try {
  records = readEventRecords(file);
} catch (e) {
  console.error(`eval:events: ${(e as Error).message}`);
  process.exit(2);
}

const results = evaluateRecords(records, dictDir);
const scores: SentenceScore[] = results.map((r) => r.score);
const show = (ts: Triple[]): string => (ts.length === 0 ? '(none)' : ts.map((t) => `${t.source}>${t.target}:${t.code}`).join(' '));
const errors = results.filter((r) => !r.score.correct).map((r) => `${r.record.id}\n  ${r.record.text}\n  expected ${show(r.record.expected)}\n  coded    ${show(r.predicted)}`);

const overall = summarize(scores);
const suites = [...new Set(scores.map((s) => s.suite))].sort();
const bySuite = Object.fromEntries(suites.map((name) => [name, summarize(scores.filter((s) => s.suite === name))]));
if (args.includes('--json')) {
  const fmt = (s: ReturnType<typeof summarize>): unknown => ({
    sentences: s.sentences,
    sentenceAccuracy: s.correct / Math.max(1, s.sentences),
    exact: prf(s.counts.exact), root: prf(s.counts.root), quad: prf(s.counts.quad),
  });
  console.log(JSON.stringify({ file, overall: fmt(overall), suites: Object.fromEntries(suites.map((n) => [n, fmt(bySuite[n]!)])) }, null, 2));
} else {
  if (args.includes('--errors')) console.log(`${errors.join('\n\n')}\n`);
  console.log(`eval:events ${file}\n`);
  console.log(formatSummary('overall', overall));
  for (const name of suites) console.log(formatSummary(name, bySuite[name]!));
  console.log('\nexact = (source, target, code); root = (source, target, root code); quad = (source, target, quad class); micro-averaged, one-to-one per sentence.');
}
