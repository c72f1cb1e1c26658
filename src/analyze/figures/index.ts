/**
 * Figures: money, percentages and counts ("$200 billion", "30 percent",
 * "12-point", "three-day", "2,000 troops"), each with the clause it is about,
 * its reported source and the date it refers to.
 */
import type { Figure } from '../../brief/schema.js';
import { UNITS, escapeRegExp } from '../../data/lexicon.js';
import type { Span } from '../../text/span.js';
import { contains, findSpanAt, overlaps, spansWithin } from '../../text/span.js';
import type { Doc, Stage } from '../types.js';
import { layer } from '../types.js';

const NUMBER_WORDS = Object.keys(UNITS.numberWords).join('|');
const SCALES = Object.keys(UNITS.scales).sort((a, b) => b.length - a.length).join('|');
const SYMBOLS = Object.keys(UNITS.currencySymbols).sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
const CURRENCY_WORDS = Object.keys(UNITS.currencyWords).join('|');
const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;

const RE = {
  money: new RegExp(String.raw`(?<![\p{L}\p{N}])(${SYMBOLS})\s?(${NUM})(?:\s?(${SCALES})\b)?|(?<![\p{L}\p{N}])(${NUM})(?:\s(${SCALES}))?\s(${CURRENCY_WORDS})\b`, 'giu'),
  percent: new RegExp(String.raw`(?<![\p{L}\p{N}.])(${NUM}|${NUMBER_WORDS})(?:\s?(%)|\s(percentage points?|per cent|percent)\b)`, 'giu'),
  hyphen: new RegExp(String.raw`(?<![\p{L}\p{N}-])(${NUM}|${NUMBER_WORDS})-(${UNITS.hyphenUnits.map(escapeRegExp).join('|')})\b(?!-)`, 'giu'),
  count: new RegExp(String.raw`(?<![\p{L}\p{N}$€£.,])(${NUM}|${NUMBER_WORDS})(?:\s(${SCALES}))?\s(?:(?:more|new|additional|other|of|of the|extra|[\p{Ll}]+(?:ian|ese|ish|ean|an|i))\s)?(${UNITS.countNouns.map(escapeRegExp).join('|')})\b`, 'giu'),
};

function parseNumber(s: string): number {
  const w = UNITS.numberWords[s.toLowerCase()];
  if (w !== undefined) return w;
  return Number(s.replace(/,/g, ''));
}

function scale(s: string | undefined): number {
  return s ? UNITS.scales[s.toLowerCase()] ?? 1 : 1;
}

function plural(unit: string): string {
  const u = unit.toLowerCase();
  if (u.endsWith('s') || ['percent', 'strong', 'billion', 'million', 'feet'].includes(u)) return u;
  if (u === 'person') return 'people';
  if (u === 'man') return 'men';
  if (u === 'century') return 'centuries';
  if (u === 'party') return 'parties';
  if (u === 'city') return 'cities';
  if (u === 'story' || u === 'storey') return 'stories';
  return `${u}s`;
}

function clauseAround(text: string, sentence: Span, at: Span): Span {
  const body = text.slice(sentence.start, sentence.end);
  const rel = at.start - sentence.start;
  const before = body.slice(0, rel);
  const cut = Math.max(before.lastIndexOf(', '), before.lastIndexOf('; '), before.lastIndexOf(': '));
  let start = sentence.start + (cut >= 0 ? cut + 2 : 0);
  // "According to X, CLAIM": the clause is the claim.
  if (cut < 0) start = sentence.start;
  const afterRel = at.end - sentence.start;
  const tail = body.slice(afterRel);
  const stop = tail.search(/[;:]|, (?:but|while|although|which|per|according)\b|[.!?]["”’]?\s*$/u);
  const end = stop >= 0 ? at.end + stop : sentence.end;
  return { start, end };
}

export function extractFigures(doc: Doc): Figure[] {
  const text = doc.text;
  const sentences = layer(doc, 'sentences');
  const sources = layer(doc, 'sources');
  const timeline = layer(doc, 'timeline');
  // Sorted views for binary search: long inputs stay linear.
  const sourceSpans = sources.flatMap((s) => (s.start !== undefined && s.end !== undefined ? [{ start: s.start, end: s.end, source: s.source }] : [])).sort((a, b) => a.start - b.start);
  const datedSpans = timeline.flatMap((t) => (t.dateSpan ? [{ ...t.dateSpan, item: t }] : [])).sort((a, b) => a.start - b.start);
  const found: { span: Span; value: number; unit: string }[] = [];
  const taken = new Uint8Array(text.length);
  const add = (start: number, end: number, value: number, unit: string): void => {
    const span = { start, end };
    if (!Number.isFinite(value)) return;
    for (let i = start; i < end; i++) if (taken[i]) return; // an earlier, more specific pattern has it
    if (spansWithin(datedSpans, { start: span.start - 40, end: span.end + 40 }).some((d) => overlaps(d, span))) return; // "February 4, 2022" is a date, not a figure
    taken.fill(1, start, end);
    found.push({ span, value, unit });
  };
  for (const m of text.matchAll(RE.money)) {
    const i = m.index;
    if (m[1]) add(i, i + m[0].length, parseNumber(m[2]!) * scale(m[3]), UNITS.currencySymbols[m[1]] ?? m[1]);
    else add(i, i + m[0].length, parseNumber(m[4]!) * scale(m[5]), UNITS.currencyWords[m[6]!.toLowerCase()] ?? m[6]!);
  }
  for (const m of text.matchAll(RE.percent)) {
    add(m.index, m.index + m[0].length, parseNumber(m[1]!), /point/i.test(m[3] ?? '') ? 'percentage points' : 'percent');
  }
  for (const m of text.matchAll(RE.hyphen)) add(m.index, m.index + m[0].length, parseNumber(m[1]!), plural(m[2]!));
  for (const m of text.matchAll(RE.count)) {
    const value = parseNumber(m[1]!) * scale(m[2]);
    // Small spelled-out counts of plain nouns ("two countries") are wording, not key numbers.
    if (!/\d/.test(m[1]!) && value < 10 && !m[2]) continue;
    add(m.index, m.index + m[0].length, value, m[3]!.toLowerCase()); // count nouns are listed in the plural
  }
  found.sort((a, b) => a.span.start - b.span.start);

  return found.map(({ span, value, unit }) => {
    const found = findSpanAt(sentences, span.start);
    const sentence = found && contains(found, span) ? found : span;
    const clause = clauseAround(text, sentence, span);
    const source = spansWithin(sourceSpans, sentence).find((s) => contains(s, span));
    const date = spansWithin(datedSpans, clause).find((t) => t.item.date && !overlaps(t, span))?.item;
    return {
      text: text.slice(span.start, span.end),
      start: span.start,
      end: span.end,
      value,
      unit,
      about: text.slice(clause.start, clause.end).trim(),
      source: source?.source ?? null,
      date: date?.date ?? null,
    };
  });
}

export const figuresStage: Stage<'figures'> = {
  name: 'figures', reads: ['sentences', 'sources', 'timeline'], writes: 'figures',
  run: extractFigures,
};
