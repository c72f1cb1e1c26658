/**
 * Timeline: dated statements. Absolute dates ("February 4, 2022", "by 2024")
 * always resolve; relative ones ("Monday", "last year", "a February report")
 * resolve only against the reference date the user gives, and otherwise stay
 * unresolved (date null) — never guessed.
 *
 * Date expressions are found by chrono-node; the granularity of the ISO date
 * follows what the text states (a year, a month, a day), not what chrono
 * implies.
 */
import * as chrono from 'chrono-node';
import type { TimelineItem } from '../../brief/schema.js';
import type { Span } from '../../text/span.js';
import { collapseWhitespace } from '../../text/span.js';
import type { Doc, Stage } from '../types.js';
import { layer } from '../types.js';

/** Years outside this range are taken for numbers, not dates. */
const MIN_YEAR = 1800;
const MAX_YEAR = 2199;
const RE = {
  /** A sentence worth giving to chrono: it names a month, weekday, year or relative period. */
  maybeDate: /\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tomorrow|last|next|ago|(?:1[89]|2[01])\d\d)\b/iu,
  /** A bare year after a preposition: "by 2024", "in 2022". */
  year: /\b(in|by|since|until|through|before|after|from|during|of|early|late|mid-|end of)\s+((?:1[89]|2[01])\d\d)\b(?!\s*(?:percent|%|people|troops))/gu,
  explicitYear: /\b(?:1[89]|2[01])\d\d\b/,
  /** Future-tense cue: relative weekdays then point forward. */
  future: /\b(?:will|expected to|set to|scheduled|plans? to|next|upcoming|is due)\b/i,
  /** chrono reads these words as dates, but in news they are mostly something else. */
  falseFriends: /^(?:may|march|sun|sat|second|now|today|this|the|a|an|one|mid|fall|spring|Now|Today|This)$/,
};

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function toIso(comp: chrono.ParsedComponents): string | null {
  const year = comp.get('year');
  const month = comp.get('month');
  const day = comp.get('day');
  if (year === null) return null;
  if (comp.isCertain('day') || comp.isCertain('weekday')) return month !== null && day !== null ? `${pad(year, 4)}-${pad(month)}-${pad(day)}` : null;
  if (comp.isCertain('month')) return month !== null ? `${pad(year, 4)}-${pad(month)}` : null;
  if (comp.isCertain('year')) return pad(year, 4);
  return null;
}

interface Found {
  dateText: string;
  dateSpan: Span;
  date: string | null;
  relative: boolean;
}

/** Date expressions in one piece of text (offsets relative to it). */
export function findDates(piece: string, referenceDate: string | null): Found[] {
  if (!RE.maybeDate.test(piece)) return [];
  const ref = referenceDate ? new Date(`${referenceDate}T12:00:00Z`) : new Date(Date.UTC(2000, 0, 3, 12));
  const out: Found[] = [];
  const results = chrono.parse(piece, { instant: ref, timezone: 0 }, { forwardDate: RE.future.test(piece) });
  for (const r of results) {
    const known = r.start;
    if (!(known.isCertain('year') || known.isCertain('month') || known.isCertain('day') || known.isCertain('weekday'))) continue; // "this week", times of day
    const words = r.text.trim().replace(/[,.;:]+$/, '');
    if (RE.falseFriends.test(words)) continue;
    const relative = !RE.explicitYear.test(r.text);
    const iso = toIso(known);
    const y = known.get('year');
    if (y !== null && (y < MIN_YEAR || y > MAX_YEAR)) continue;
    const lead = r.text.length - r.text.trimStart().length;
    const span = { start: r.index + lead, end: r.index + lead + words.length };
    out.push({ dateText: words, dateSpan: span, date: relative && !referenceDate ? null : iso, relative });
  }
  RE.year.lastIndex = 0;
  for (let m = RE.year.exec(piece); m; m = RE.year.exec(piece)) {
    const start = m.index + m[0].length - m[2]!.length;
    const span = { start, end: start + 4 };
    if (out.some((o) => o.dateSpan.start < span.end && span.start < o.dateSpan.end)) continue;
    out.push({ dateText: m[2]!, dateSpan: span, date: m[2]!, relative: false });
  }
  return out.sort((a, b) => a.dateSpan.start - b.dateSpan.start);
}

export function extractTimeline(doc: Doc): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const extra of doc.extras) {
    if (extra.kind !== 'image-caption') continue;
    // Outside the body: text only, no offsets. Split into sentences crudely; captions are short.
    for (const sentence of extra.text.split(/(?<=[.!?])\s+(?=\p{Lu})/u)) {
      for (const f of findDates(sentence, doc.referenceDate)) {
        items.push({ text: collapseWhitespace(sentence), date: f.date, dateText: f.dateText, dateSpan: null, relative: f.relative });
      }
    }
  }
  for (const s of layer(doc, 'sentences')) {
    const piece = doc.text.slice(s.start, s.end);
    for (const f of findDates(piece, doc.referenceDate)) {
      items.push({
        text: piece, start: s.start, end: s.end,
        date: f.date, dateText: f.dateText,
        dateSpan: { start: s.start + f.dateSpan.start, end: s.start + f.dateSpan.end },
        relative: f.relative,
      });
    }
  }
  return items;
}

export const timelineStage: Stage<'timeline'> = {
  name: 'timeline', reads: ['sentences'], writes: 'timeline',
  run: extractTimeline,
};
