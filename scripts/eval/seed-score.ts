/**
 * Score a brief of the seed article against its hand annotation
 * (`../shared/data/seed/putin-xi-moscow.gold.json`). Used by
 * `npm run eval:seed` and by the seed test.
 */
import type { Brief } from '../../src/brief/schema.js';
import { collapseWhitespace } from '../../src/text/span.js';
import type { GoldEvent } from './seed-events.js';
import { scoreSeedEvents } from './seed-events.js';

export interface SeedGold {
  referenceDate: string;
  article: { title: string; dek: string; byline: string[]; publisher: string; authorBio: string; imageCaption: string; imageCredit: string; sectionHeadings: string[]; notBody: string[]; bodyStartsWith: string; bodyEndsWith: string };
  people: { name: string; aliases: string[]; role?: string; affiliation?: string; country?: string; note?: string }[];
  quotes: { speaker: string; kind: string; contains: string }[];
  notQuotes: { contains: string }[];
  reportedBy: { source: string; contains: string }[];
  figures: { value: number; unit: string; source?: string; contains: string }[];
  wants: Record<string, { contains: string }[]>;
  timeline: { date: string; contains: string }[];
  outlook: { contains: string }[];
  events?: GoldEvent[];
}

export interface Row {
  check: string;
  found: number;
  total: number;
  /** What the issue requires, as a count; null when reported only. */
  target: number | null;
  misses: string[];
}

const norm = (s: string): string => collapseWhitespace(s).replace(/[’‘]/g, "'");
const has = (hay: string, needle: string): boolean => norm(hay).includes(norm(needle));
const same = (a: string | null | undefined, b: string | null | undefined): boolean => norm(a ?? '').toLowerCase() === norm(b ?? '').toLowerCase();

function row(check: string, items: { ok: boolean; label: string }[], target: number | 'all' | null): Row {
  const found = items.filter((i) => i.ok).length;
  return { check, found, total: items.length, target: target === 'all' ? items.length : target, misses: items.filter((i) => !i.ok).map((i) => i.label) };
}

/** Score a brief made with the gold reference date, and one made without any. */
export function scoreSeed(gold: SeedGold, dated: Brief, undated: Brief): Row[] {
  const rows: Row[] = [];
  const a = dated.article;
  const body = a.text;
  rows.push(row('article metadata', [
    { ok: same(a.title, gold.article.title), label: 'title' },
    { ok: same(a.dek, gold.article.dek), label: 'dek' },
    { ok: gold.article.byline.every((n) => a.byline.includes(n)), label: 'byline' },
    { ok: same(a.publisher, gold.article.publisher), label: 'publisher' },
    { ok: same(a.authorBio, gold.article.authorBio), label: 'authorBio' },
    { ok: same(a.image?.caption, gold.article.imageCaption), label: 'image caption' },
    { ok: same(a.image?.credit, gold.article.imageCredit), label: 'image credit' },
    { ok: a.publishedAt === null, label: 'publishedAt not invented' },
  ], 'all'));
  rows.push(row('body boundaries and residue', [
    { ok: norm(body).startsWith(norm(gold.article.bodyStartsWith)), label: 'body start' },
    { ok: norm(body).endsWith(norm(gold.article.bodyEndsWith)), label: 'body end' },
    ...gold.article.notBody.map((t) => ({ ok: !has(body, t), label: `not in body: ${t}` })),
    ...gold.article.sectionHeadings.map((h) => ({ ok: a.headings.some((x) => same(x.text, h)), label: `heading: ${h}` })),
  ], 'all'));

  const entityByName = (name: string) => dated.entities.find((e) => same(e.name, name) || e.aliases.some((x) => same(x, name)));
  rows.push(row('quotes found with the right speaker', gold.quotes.map((q) => ({
    ok: dated.quotes.some((x) => has(x.text, q.contains) && (same(x.speakerName, q.speaker) || (x.speaker !== null && x.speaker === entityByName(q.speaker)?.id))),
    label: `${q.speaker}: ${q.contains}`,
  })), 'all'));
  rows.push(row('quotes with the gold kind', gold.quotes.map((q) => ({
    ok: dated.quotes.some((x) => has(x.text, q.contains) && x.kind === q.kind),
    label: `${q.kind}: ${q.contains}`,
  })), null));
  rows.push(row('scare quotes not taken for speech', gold.notQuotes.map((q) => ({ ok: !dated.quotes.some((x) => has(x.text, q.contains) && x.kind !== 'indirect'), label: q.contains })), 'all'));

  const speakers = [...new Set(gold.quotes.map((q) => q.speaker))];
  rows.push(row('quoted speakers with gold role and affiliation', speakers.map((name) => {
    const g = gold.people.find((p) => p.name === name)!;
    const e = entityByName(name);
    const ok = !!e && e.type === 'PERSON' && (!g.role || same(e.role, g.role)) && (!g.affiliation || same(e.affiliation, g.affiliation)) && (!g.country || same(e.country, g.country));
    return { ok, label: `${name} (got ${e ? `${e.role ?? '-'} / ${e.affiliation ?? '-'} / ${e.country ?? '-'}` : 'no entity'})` };
  }), 'all'));
  rows.push(row('people (excluding the author) as PERSON entities', gold.people.filter((p) => !p.note).map((p) => {
    const e = entityByName(p.name);
    // Only aliases the body actually uses can be expected ("Ashford" never stands alone in the seed).
    const used = p.aliases.filter((al) => new RegExp(`(?<![\\p{L}])${al.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'u').test(body.replace(new RegExp(p.name, 'g'), '')));
    const missing = used.filter((al) => !(same(e?.name, al) || e?.aliases.some((x) => same(x, al))));
    return { ok: !!e && e.type === 'PERSON' && missing.length === 0, label: `${p.name}${missing.length ? ` (aliases missing: ${missing.join(', ')})` : ''}` };
  }), null));

  rows.push(row('figures (value and unit)', gold.figures.map((f) => ({
    ok: dated.figures.some((x) => has(x.text, f.contains) && x.value === f.value && x.unit.toLowerCase() === f.unit.toLowerCase()),
    label: f.contains,
  })), 'all'));
  const withSource = gold.figures.filter((f) => f.source);
  rows.push(row('figures with their source', withSource.map((f) => ({
    ok: dated.figures.some((x) => has(x.text, f.contains) && same(x.source, f.source)),
    label: `${f.contains} (${f.source})`,
  })), 'all'));
  rows.push(row('reported-by sources', gold.reportedBy.map((r) => ({
    ok: dated.sources.some((x) => has(x.text, r.contains) && same(x.source, r.source)),
    label: `${r.source}: ${r.contains}`,
  })), null));

  for (const [side, wants] of Object.entries(gold.wants)) {
    const sideEntity = entityByName(side);
    rows.push(row(`wants of ${side}`, wants.map((w) => ({
      ok: dated.wants.some((x) => has(x.text, w.contains) && x.actor !== null && (x.actor === sideEntity?.id || same(dated.entities.find((e) => e.id === x.actor)?.country, side))),
      label: w.contains,
    })), 3));
  }

  rows.push(row(`timeline dates (--date ${gold.referenceDate})`, gold.timeline.map((t) => ({
    ok: dated.timeline.some((x) => x.date === t.date && has(x.text, t.contains)),
    label: `${t.date}: ${t.contains}`,
  })), 'all'));
  const relative = undated.timeline.filter((t) => t.relative);
  rows.push(row('without --date: relative dates left unresolved', relative.map((t) => ({ ok: t.date === null, label: t.dateText })), 'all'));
  rows.push(row('outlook statements', gold.outlook.map((o) => ({ ok: dated.outlook.some((x) => has(x.text, o.contains)), label: o.contains })), null));
  if (gold.events) rows.push(row('events: direction, root code, negation/modality', scoreSeedEvents(gold.events, dated), 5));
  return rows;
}

export function passes(rows: readonly Row[]): boolean {
  return rows.every((r) => r.target === null || r.found >= r.target);
}

export function formatTable(rows: readonly Row[]): string {
  const w = Math.max(...rows.map((r) => r.check.length));
  const lines = [`${'check'.padEnd(w)}  found  target  status`, `${'-'.repeat(w)}  -----  ------  ------`];
  for (const r of rows) {
    const status = r.target === null ? 'report' : r.found >= r.target ? 'PASS' : 'FAIL';
    const target = r.target === null ? '-' : String(r.target);
    lines.push(`${r.check.padEnd(w)}  ${`${r.found}/${r.total}`.padStart(5)}  ${target.padStart(6)}  ${status}`);
    for (const m of r.misses) lines.push(`${''.padEnd(w)}    miss: ${m}`);
  }
  return lines.join('\n');
}
