/**
 * `npm run eval:seed`: explain the seed article with and without its
 * reference date and print a score table against the hand annotation.
 * Exits 1 when a target of issue 2 is missed, 0 when all hold, and 0 with a
 * notice when the shared data is absent.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { explain } from '../src/explain.js';
import { sharedDataDir } from '../src/data/paths.js';
import { formatTable, passes, scoreSeed } from './eval/seed-score.js';
import type { SeedGold } from './eval/seed-score.js';

const shared = sharedDataDir();
if (!shared) {
  console.log('eval:seed skipped: ../shared/data is not here (set BRIEFLY_SHARED_DATA to its path).');
  process.exit(0);
}
const dir = path.join(shared, 'seed');
const gold = JSON.parse(readFileSync(path.join(dir, 'putin-xi-moscow.gold.json'), 'utf8')) as SeedGold;
const text = readFileSync(path.join(dir, 'putin-xi-moscow.txt'), 'utf8');
const dated = explain(text, { referenceDate: gold.referenceDate });
const undated = explain(text);
const rows = scoreSeed(gold, dated, undated);
console.log(`seed: ${path.join(dir, 'putin-xi-moscow.txt')}  (reference date ${gold.referenceDate})\n`);
console.log(formatTable(rows));
const ok = passes(rows);
console.log(`\n${ok ? 'all targets met' : 'some targets missed'}`);
process.exit(ok ? 0 : 1);
