/**
 * CAMEO code facts: root category, quad class and Goldstein score
 * (data/events/cameo.json, compiled by `npm run build:events`; Goldstein
 * values from the Phoenix pipeline's table (MIT), falling back to GDELT's
 * published lookup; quad classes: roots 01–05 verbal cooperation, 06–08
 * material cooperation, 09–13 verbal conflict, 14–20 material conflict).
 *
 * @example
 * cameoInfo('042'); // { root: '04', quadClass: 1, goldstein: 1.9, name: 'Make a visit' }
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../data/paths.js';

export const CAMEO_FILE = path.join('data', 'events', 'cameo.json');

export interface CameoInfo {
  /** Two-digit root ("04"); for codes outside CAMEO (old WEIS codes of the validation set) their first two digits. */
  root: string;
  /** 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict; null outside CAMEO's roots. */
  quadClass: 1 | 2 | 3 | 4 | null;
  goldstein: number | null;
  name: string | null;
}

interface CameoFile {
  codes: Record<string, [name: string, goldstein: number | null]>;
}

let table: CameoFile | null = null;

function load(): CameoFile {
  if (table) return table;
  const file = path.join(projectRoot(), CAMEO_FILE);
  table = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CameoFile) : { codes: {} };
  return table;
}

/** Quad class of a two-digit root. */
export function quadOfRoot(root: string): 1 | 2 | 3 | 4 | null {
  const n = Number(root);
  if (!/^\d\d$/u.test(root) || n < 1 || n > 20) return null;
  return n <= 5 ? 1 : n <= 8 ? 2 : n <= 13 ? 3 : 4;
}

export function rootOf(code: string): string {
  const digits = code.replace(/\D/gu, '');
  return digits.length >= 2 ? digits.slice(0, 2) : digits.padStart(2, '0');
}

export function cameoInfo(code: string): CameoInfo {
  const root = rootOf(code);
  const codes = load().codes;
  const hit = codes[code] ?? codes[code.slice(0, 3)] ?? codes[root];
  return { root, quadClass: quadOfRoot(root), goldstein: hit ? hit[1] : null, name: hit ? hit[0] : null };
}
