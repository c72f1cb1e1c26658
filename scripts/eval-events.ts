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
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { codeSentence } from '../src/analyze/events/index.js';
import { loadDictionarySet } from '../src/analyze/events/dictionary.js';
import { sharedDataDir } from '../src/data/paths.js';
import type { SentenceScore, Triple } from './eval/events-score.js';
import { formatSummary, prf, scoreSentence, summarize } from './eval/events-score.js';

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

interface EventRecord {
  id: string;
  suite: string;
  text: string;
  date: string | null;
  expected: Triple[];
  dictionaries: string;
  settings?: { require_dyad?: boolean };
}

const records: EventRecord[] = [];
readFileSync(file, 'utf8').split('\n').forEach((line, n) => {
  if (line.trim() === '') return;
  try {
    records.push(JSON.parse(line) as EventRecord);
  } catch (e) {
    console.error(`eval:events: line ${n + 1} of ${file} is not JSON: ${(e as Error).message}`);
    process.exit(2);
  }
});

const scores: SentenceScore[] = [];
const errors: string[] = [];
for (const r of records) {
  const set = loadDictionarySet(r.dictionaries === 'validate' ? 'validate' : 'phoenix', dictDir);
  const { events } = codeSentence(r.text, { date: r.date, set, requireDyad: r.settings?.require_dyad ?? true });
  const pred: Triple[] = events.map((e) => ({ source: e.sourceCode, target: e.targetCode, code: e.code }));
  const s = scoreSentence(r.suite, pred, r.expected);
  scores.push(s);
  if (!s.correct) {
    const show = (ts: Triple[]): string => (ts.length === 0 ? '(none)' : ts.map((t) => `${t.source}>${t.target}:${t.code}`).join(' '));
    errors.push(`${r.id}\n  ${r.text}\n  expected ${show(r.expected)}\n  coded    ${show(pred)}`);
  }
}

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
