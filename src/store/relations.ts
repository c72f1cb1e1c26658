/**
 * Relations between two actors over time, from the coded events of the corpus (`briefly relations A B`,
 * GET /api/relations), and the GDELT-style event table of `briefly export --format gdelt`.
 *
 * An actor is a three-letter prefix of CAMEO actor codes: a country ("CHN" covers CHN, CHNGOV, CHNMIL)
 * or an organisation code. Users may type the code or a country's name or demonym ("China", "Chinese").
 *
 * The series counts events per period (ISO week or month) and direction, by quad class, and sums their
 * Goldstein scores: the cooperation–conflict index of a period is the mean Goldstein score of its events
 * that the text asserts or reports as done (negated, expected and hypothetical events are counted apart:
 * "stopped short of offering aid" is not aid, and a call "expected" has not happened).
 *
 * @example
 * const a = resolveActor('China'); // 'CHN'
 * const series = dyadSeries(await store.eventsBetween(a, 'RUS'), a, 'RUS', 'month');
 */
import { BrieflyError } from '../errors.js';
import { COUNTRY_BY_CODE, GAZETTEER, normalizeKey } from '../data/lexicon.js';
import { actorPrefix } from './rows.js';
import type { EventRow, Graph } from './types.js';

export type Period = 'week' | 'month';

export interface DirectionCounts {
  /** Events per quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. */
  quad: [number, number, number, number];
  /** Events done (asserted or reported, not negated): the ones the index reads. */
  done: number;
  /** Negated events ("refused to", "stopped short of"). */
  negated: number;
  /** Expected or hypothetical events (not done yet). */
  notYet: number;
  goldsteinSum: number;
}

export interface PeriodRow {
  /** "2023-03" for a month; the Monday "2023-03-20" for a week. */
  period: string;
  aToB: DirectionCounts;
  bToA: DirectionCounts;
  /** Mean Goldstein score of the period's done events, both directions; null when none. */
  index: number | null;
}

export interface DyadSeries {
  a: string;
  b: string;
  by: Period;
  periods: PeriodRow[];
  /** Events without a usable date (counted in no period). */
  undated: number;
  total: number;
}

const CODE = /^[A-Za-z]{3}$/;

/** The ISO 3166 alpha-3 code of a country's name, alias or demonym, from the lexicon's gazetteer. */
function countryCode(name: string): string | undefined {
  const entry = GAZETTEER.get(normalizeKey(name));
  return entry !== undefined && (entry.kind === 'country' || entry.kind === 'demonym') && entry.country !== null ? entry.country : undefined;
}

/**
 * The three-letter actor prefix for what a user typed: a code ("chn", "RUS", "NATO"'s "NAT"… as written)
 * or a country's name, alias or demonym.
 */
export function resolveActor(input: string): string {
  const trimmed = input.trim();
  if (trimmed === '') throw new BrieflyError('BAD_OPTION', 'An actor is empty: give a country name ("China") or a three-letter CAMEO code ("CHN").');
  const byName = countryCode(trimmed);
  if (byName !== undefined) return byName;
  if (CODE.test(trimmed)) return trimmed.toUpperCase();
  // A full CAMEO actor code, written in capitals as CAMEO writes them ("CHNGOV"): its country part.
  if (/^[A-Z]{3}[A-Z]{3,}$/.test(trimmed)) return trimmed.slice(0, 3);
  throw new BrieflyError('BAD_OPTION', `Unknown actor '${trimmed}': give a country name ("China"), a demonym ("Chinese") or a three-letter CAMEO code ("CHN").`);
}

/** Monday of the ISO week of a YYYY-MM-DD date. */
function weekStart(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - dow);
  return d.toISOString().slice(0, 10);
}

/** The period of an event date, or null when the date is too coarse (a year alone for months; a month alone for weeks). */
export function periodOf(date: string | null, by: Period): string | null {
  if (date === null) return null;
  if (by === 'month') return /^\d{4}-\d{2}/.exec(date)?.[0] ?? null;
  const day = /^\d{4}-\d{2}-\d{2}/.exec(date)?.[0];
  if (day === undefined || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) return null;
  return weekStart(day);
}

function emptyCounts(): DirectionCounts {
  return { quad: [0, 0, 0, 0], done: 0, negated: 0, notYet: 0, goldsteinSum: 0 };
}

/** The dyad's events as a series of periods, oldest first. */
export function dyadSeries(events: readonly EventRow[], a: string, b: string, by: Period): DyadSeries {
  const periods = new Map<string, PeriodRow>();
  let undated = 0;
  let total = 0;
  for (const ev of events) {
    const src = actorPrefix(ev.sourceCode);
    const tgt = actorPrefix(ev.targetCode);
    const forward = src === a && tgt === b;
    const backward = src === b && tgt === a;
    if (!forward && !backward) continue;
    total++;
    const period = periodOf(ev.date, by);
    if (period === null) {
      undated++;
      continue;
    }
    let row = periods.get(period);
    if (row === undefined) periods.set(period, (row = { period, aToB: emptyCounts(), bToA: emptyCounts(), index: null }));
    const counts = forward ? row.aToB : row.bToA;
    if (ev.quadClass !== null && ev.quadClass >= 1 && ev.quadClass <= 4) counts.quad[ev.quadClass - 1]!++;
    if (ev.negated) counts.negated++;
    else if (ev.modality === 'expected' || ev.modality === 'hypothetical') counts.notYet++;
    else {
      counts.done++;
      counts.goldsteinSum += ev.goldstein ?? 0;
    }
  }
  const rows = [...periods.values()].sort((x, y) => (x.period < y.period ? -1 : x.period > y.period ? 1 : 0));
  for (const r of rows) {
    const done = r.aToB.done + r.bToA.done;
    r.index = done === 0 ? null : Math.round(((r.aToB.goldsteinSum + r.bToA.goldsteinSum) / done) * 100) / 100;
  }
  return { a, b, by, periods: rows, undated, total };
}

/** The columns of `briefly export --format gdelt` (GDELT 1.0 event table names, the ones we have, then ours). */
export const GDELT_COLUMNS = [
  'GLOBALEVENTID', 'SQLDATE', 'MonthYear', 'Year', 'FractionDate',
  'Actor1Code', 'Actor1Name', 'Actor1CountryCode', 'Actor2Code', 'Actor2Name', 'Actor2CountryCode',
  'IsRootEvent', 'EventCode', 'EventBaseCode', 'EventRootCode', 'QuadClass', 'GoldsteinScale',
  'NumMentions', 'NumSources', 'NumArticles', 'SOURCEURL',
  // Not in GDELT: how the text presents the event, and its evidence.
  'Negated', 'Modality', 'ArticleId', 'Start', 'End', 'Text',
] as const;

/** The country part of an actor code, when it is a country ("CHNGOV" → "CHN"; "IGOEUREEC" → ""). */
function countryPart(code: string): string {
  const c = actorPrefix(code);
  return COUNTRY_BY_CODE.has(c) ? c : '';
}

/** A GDELT-style row (tab-separated fields, in GDELT_COLUMNS order) of one exported event. */
export function gdeltRow(ev: EventRow & { id?: string }, serial: number): string[] {
  const date = ev.date ?? '';
  const ymd = /^(\d{4})-?(\d{2})?-?(\d{2})?/.exec(date);
  const year = ymd?.[1] ?? '';
  const month = ymd?.[2] ?? '';
  const day = ymd?.[3] ?? '';
  const sqlDate = year && month && day ? `${year}${month}${day}` : '';
  const fraction = year ? (Number(year) + ((Number(month || 1) - 1) * 30.4 + Number(day || 1)) / 365).toFixed(4) : '';
  const clean = (s: string | null | undefined): string => (s ?? '').replace(/[\t\r\n]+/g, ' ');
  return [
    `${ev.articleId}-${serial}`, sqlDate, year && month ? `${year}${month}` : '', year, fraction,
    ev.sourceCode === '---' ? '' : ev.sourceCode, clean(ev.sourceName), countryPart(ev.sourceCode),
    ev.targetCode === '---' ? '' : ev.targetCode, clean(ev.targetName), countryPart(ev.targetCode),
    '1', ev.code, ev.code.slice(0, 3), ev.root, ev.quadClass === null ? '' : String(ev.quadClass), ev.goldstein === null ? '' : String(ev.goldstein),
    '1', '1', '1', clean(ev.url),
    ev.negated ? '1' : '0', ev.modality, ev.articleId, ev.start === null ? '' : String(ev.start), ev.end === null ? '' : String(ev.end), clean(ev.text),
  ];
}

/** Most country pairs the graph shows. */
export const MAX_EVENT_EDGES = 200;

/**
 * Country nodes (id `c` + code) and directed event edges (kind 'event') from per-pair event counts, added to
 * an entity graph. Unknown actors ('---') and events of a country on itself are left out.
 */
export function withEventEdges(graph: Graph, pairs: readonly { s: string; t: string; n: number }[]): Graph {
  const weight = new Map<string, number>();
  const edges = pairs
    .filter((p) => p.s !== p.t && p.s !== '---' && p.t !== '---')
    .map((p) => {
      weight.set(p.s, (weight.get(p.s) ?? 0) + p.n);
      weight.set(p.t, (weight.get(p.t) ?? 0) + p.n);
      return { source: `c${p.s}`, target: `c${p.t}`, kind: 'event' as const, weight: p.n };
    });
  const nodes = [...weight].map(([code, w]) => ({ id: `c${code}`, label: COUNTRY_BY_CODE.get(code)?.name ?? code, type: 'COUNTRY', weight: w }));
  return { nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] };
}
