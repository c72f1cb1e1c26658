/**
 * events-dev: event coding must not fall below the scores measured when
 * issue 8's coder landed (a regression floor; `npm run eval:events` prints
 * the full table). Reads ../shared (third-party text, never copied into the
 * project); skips with a message when it is absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sharedDataDir } from '../src/data/paths.js';
import { evaluateRecords, formatSummary, prf, readEventRecords, summarize } from '../scripts/eval/events-score.js';

/** Measured on the dev set: overall root 0.913, exact 0.908; petrarch2-gsr root 0.767. Floors: the targets. */
const FLOOR = { overallRoot: 0.75, overallExact: 0.6, gsrRoot: 0.7 };

const shared = sharedDataDir();
const file = shared ? path.join(shared, 'events-dev', 'events-dev.jsonl') : null;
const skip = file && existsSync(file) ? false : 'skipped: ../shared/data/events-dev not found (set BRIEFLY_SHARED_DATA)';

test('events-dev: root and exact F1 stay above the floor, overall and on the news suite', { skip }, () => {
  const results = evaluateRecords(readEventRecords(file!));
  const all = summarize(results.map((r) => r.score));
  const gsr = summarize(results.filter((r) => r.record.suite === 'petrarch2-gsr').map((r) => r.score));
  const table = `${formatSummary('overall', all)}\n${formatSummary('petrarch2-gsr', gsr)}`;
  assert.ok(prf(all.counts.root).f1 >= FLOOR.overallRoot, table);
  assert.ok(prf(all.counts.exact).f1 >= FLOOR.overallExact, table);
  assert.ok(prf(gsr.counts.root).f1 >= FLOOR.gsrRoot, table);
});
