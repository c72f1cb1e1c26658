/**
 * The seed gate: the founding example must keep meeting issue 2's targets.
 * Reads ../shared (third-party text, never copied into the project); skips
 * with a message when it is absent. CI always has it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { explain } from '../src/explain.js';
import { sharedDataDir } from '../src/data/paths.js';
import { formatTable, passes, scoreSeed } from '../scripts/eval/seed-score.js';
import type { SeedGold } from '../scripts/eval/seed-score.js';

const shared = sharedDataDir();
test('seed article meets the issue-2 targets', { skip: shared ? false : 'skipped: ../shared/data not found (set BRIEFLY_SHARED_DATA)' }, () => {
  const dir = path.join(shared!, 'seed');
  const gold = JSON.parse(readFileSync(path.join(dir, 'putin-xi-moscow.gold.json'), 'utf8')) as SeedGold;
  const text = readFileSync(path.join(dir, 'putin-xi-moscow.txt'), 'utf8');
  const rows = scoreSeed(gold, explain(text, { referenceDate: gold.referenceDate }), explain(text));
  assert.ok(passes(rows), `seed targets missed:\n${formatTable(rows)}`);
});
