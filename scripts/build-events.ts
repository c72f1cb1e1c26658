/**
 * `npm run build:events [-- DIR]`: compile PETRARCH's event dictionaries
 * (default DIR: ../shared/data/event-dictionaries) into data/events/:
 *   - phoenix.json  — Phoenix actors, agents, discards + CAMEO.2.0 verb patterns;
 *   - validate.json — the PETR.Validate.* unit-test set (Tolkien-world actors);
 *   - cameo.json    — CAMEO code names and Goldstein scores.
 * The dictionaries are MIT-licensed (Open Event Data Alliance): every file
 * keeps the licence notice in its `licence` field. Our own reader does the
 * parsing (src/analyze/events/dictionary.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDictionaryDir, EVENTS_DATA_DIR } from '../src/analyze/events/dictionary.js';
import { projectRoot, sharedDataDir } from '../src/data/paths.js';

const argDir = process.argv.slice(2).find((a) => !a.startsWith('--'));
const shared = sharedDataDir();
const dir = argDir ?? (shared ? path.join(shared, 'event-dictionaries') : null);
if (!dir) {
  console.error('build:events: give the dictionaries folder, or make ../shared/data available (BRIEFLY_SHARED_DATA).');
  process.exit(2);
}
const out = path.join(projectRoot(), EVENTS_DATA_DIR);
mkdirSync(out, { recursive: true });
const PINNED = 'openeventdata/petrarch2@676801c petrarch2/data/dictionaries (MIT); cameo-codes table from openeventdata/phoenix_pipeline@d1639c5 (MIT) and GDELT lookups';
for (const name of ['phoenix', 'validate']) {
  const set = parseDictionaryDir(dir, name);
  set.source = `${PINNED}; files: ${set.source.replace(/^[^:]*: /u, '')}`;
  const file = path.join(out, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(set)}\n`);
  const patterns = set.blocks.reduce((n, b) => n + b.patterns.length, 0);
  console.log(`${file}: ${set.blocks.length} verb blocks, ${Object.keys(set.verbs).length} verb forms, ${patterns} patterns, ${Object.keys(set.actors).length} actor phrases, ${Object.keys(set.agents).length} agent phrases, ${Object.keys(set.discards).length} discards`);
}
interface CodesFile {
  roots: { code: string; name: string; goldstein: number | null; goldsteinPhoenix?: number | null }[];
  codes: { code: string; name: string; goldstein: number | null; goldsteinPhoenix?: number | null }[];
  goldsteinPhoenixOnly?: { code: string; goldsteinPhoenix: number }[];
}
const codes = JSON.parse(readFileSync(path.join(dir, 'cameo-codes.json'), 'utf8')) as CodesFile;
const table: Record<string, [string, number | null]> = {};
for (const c of [...codes.roots, ...codes.codes]) table[c.code] = [c.name, c.goldsteinPhoenix ?? c.goldstein ?? null];
for (const c of codes.goldsteinPhoenixOnly ?? []) table[c.code] ??= ['', c.goldsteinPhoenix];
writeFileSync(path.join(out, 'cameo.json'), `${JSON.stringify({
  source: 'CAMEO codes: names from GDELT CAMEO.eventcodes.txt; Goldstein scores from openeventdata/phoenix_pipeline@d1639c5 postprocess.py (MIT, Open Event Data Alliance), else GDELT CAMEO.goldsteinscale.txt',
  licence: 'Phoenix pipeline table: MIT License, Copyright (c) 2014 Open Event Data Alliance. CAMEO and the Goldstein scale are published research code tables.',
  codes: table,
})}\n`);
console.log(`${path.join(out, 'cameo.json')}: ${Object.keys(table).length} codes`);
