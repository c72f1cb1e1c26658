/**
 * Score briefs' quotes against PolNeAR attribution annotations (brat
 * stand-off files). Used by `npm run eval:quotes` and the PolNeAR gate test.
 *
 * Definitions (also printed by the script):
 * - Gold items are PolNeAR attributions (`E` lines) with their Content
 *   pieces, Source span (absent for `Attribution-no-source`) and Cue.
 *   Kind as the corpus README defines it: direct when the content opens with
 *   a double quotation mark, mixed when it holds one later, else indirect.
 * - Predicted items are the brief's quotes: content = `fragments` (one range
 *   per piece), speaker = `speakerMention`; kind = the quote's `kind`.
 * - Overlap matching: a prediction and a gold item match when their contents
 *   share at least one non-space character; pairs are taken one-to-one,
 *   largest overlap first.
 * - Exact matching: the content pieces are equal once each is trimmed of
 *   white space, quotation marks and edge punctuation (, . ; : ! ? …).
 * - Content + speaker: the contents match and the prediction's speaker
 *   mention overlaps the gold Source (or both have none).
 * - By kind: recall over gold items of that kind, precision over predictions
 *   of that kind (each matched against gold items of any kind).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Brief } from '../../src/brief/schema.js';

export interface Span { start: number; end: number }

export type Kind = 'direct' | 'mixed' | 'indirect';

export interface GoldAttribution {
  content: Span[];
  source: Span[] | null;
  cue: Span[];
  kind: Kind;
}

export interface PredictedQuote {
  content: Span[];
  speaker: Span | null;
  kind: Kind;
  /** The rule that produced it (for error listings). */
  reason?: string;
}

const DOUBLE_MARKS = /["“”«»„]/u;

/** Parse one brat `.ann` file into attributions (T and E lines; other lines ignored). */
export function parseBrat(ann: string, text: string): GoldAttribution[] {
  const spans = new Map<string, { type: string; pieces: Span[] }>();
  const events: string[] = [];
  for (const line of ann.split(/\r?\n/)) {
    const cols = line.split('\t');
    if (/^T\d+$/.test(cols[0] ?? '') && cols[1]) {
      const sp = cols[1].indexOf(' ');
      const type = cols[1].slice(0, sp);
      const pieces = cols[1].slice(sp + 1).split(';').map((r) => {
        const [s, e] = r.trim().split(/\s+/).map(Number);
        return { start: s!, end: e! };
      });
      spans.set(cols[0]!, { type, pieces });
    } else if (/^E\d+$/.test(cols[0] ?? '') && cols[1]) {
      events.push(cols[1]);
    }
  }
  const out: GoldAttribution[] = [];
  for (const ev of events) {
    const content: Span[] = [];
    let source: Span[] | null = null;
    const cue: Span[] = [];
    for (const arg of ev.split(/\s+/)) {
      const [role, id] = arg.split(':');
      const t = spans.get(id ?? '');
      if (!t || !role) continue;
      if (role.startsWith('Content')) content.push(...t.pieces);
      else if (role.startsWith('Source')) source = [...(source ?? []), ...t.pieces];
      else if (role.startsWith('Cue')) cue.push(...t.pieces);
    }
    if (content.length === 0) continue;
    content.sort((a, b) => a.start - b.start);
    out.push({ content, source, cue, kind: kindOf(text, content) });
  }
  return out;
}

/** One annotated article of a PolNeAR split. */
export interface PolnearArticle { name: string; text: string; gold: GoldAttribution[] }

/** One article of a PolNeAR split with every annotator's attributions, in annotation file name order. */
export interface PolnearAnnotations { name: string; text: string; annotators: GoldAttribution[][] }

/**
 * The annotated articles of a PolNeAR split (DIR holding `text/` and `attributions/`) with all
 * their annotation files (`NAME_XXXX.ann`, one per annotator), in file name order; a text with
 * no annotation file is left out.
 */
export function* polnearAnnotations(dir: string): Generator<PolnearAnnotations> {
  const annFiles = readdirSync(path.join(dir, 'attributions')).filter((f) => f.endsWith('.ann')).sort();
  for (const file of readdirSync(path.join(dir, 'text')).filter((f) => f.endsWith('.txt')).sort()) {
    const name = file.slice(0, -4);
    // The annotator's 4-hex-digit id follows the name: a longer article name with this one as prefix is not a match.
    const anns = annFiles.filter((a) => a.startsWith(`${name}_`) && /^_[0-9a-f]{4}\.ann$/u.test(a.slice(name.length)));
    if (anns.length === 0) continue;
    const text = readFileSync(path.join(dir, 'text', file), 'utf8');
    yield { name, text, annotators: anns.map((a) => parseBrat(readFileSync(path.join(dir, 'attributions', a), 'utf8'), text)) };
  }
}

/**
 * The annotated articles of a PolNeAR split, in file name order. Several annotators may have
 * annotated one article: the file whose name sorts first is the gold.
 */
export function* polnearArticles(dir: string): Generator<PolnearArticle> {
  for (const { name, text, annotators } of polnearAnnotations(dir)) yield { name, text, gold: annotators[0]! };
}

/**
 * One annotator's attributions in the form of predictions, to score annotators against each
 * other (the human agreement that bounds what any system can score): content as annotated,
 * speaker = the Source's first piece (the scorer takes one speaker span), kind as the gold's.
 */
export function annotatorAsPredictions(gold: readonly GoldAttribution[]): PredictedQuote[] {
  return gold.map((g) => ({ content: g.content, speaker: g.source?.[0] ?? null, kind: g.kind }));
}

/** The corpus README's definition of kind. */
export function kindOf(text: string, content: readonly Span[]): Kind {
  const joined = content.map((c) => text.slice(c.start, c.end)).join(' ').trim();
  if (DOUBLE_MARKS.test(joined.charAt(0))) return 'direct';
  return DOUBLE_MARKS.test(joined) ? 'mixed' : 'indirect';
}

/** A brief's quotes as predictions, with offsets moved into the input's coordinates. */
export function predictionsOf(brief: Brief): PredictedQuote[] {
  const base = brief.article.bodyStart ?? 0;
  const shift = (s: Span): Span => ({ start: s.start + base, end: s.end + base });
  return brief.quotes
    .filter((q) => q.start !== undefined && q.end !== undefined)
    .map((q) => ({
      content: (q.fragments.length > 0 ? q.fragments : [{ start: q.start!, end: q.end! }]).map(shift),
      speaker: q.speakerMention ? shift(q.speakerMention) : null,
      kind: q.kind,
      reason: q.reason,
    }));
}

function overlap(text: string, a: readonly Span[], b: readonly Span[]): number {
  let n = 0;
  for (const x of a) {
    for (const y of b) {
      const s = Math.max(x.start, y.start);
      const e = Math.min(x.end, y.end);
      for (let i = s; i < e; i++) if (!/\s/.test(text[i]!)) n++;
    }
  }
  return n;
}

const EDGE = /^[\s"“”«»„'‘’,.;:!?…—–-]+|[\s"“”«»„'‘’,.;:!?…—–-]+$/gu;

function normalized(text: string, pieces: readonly Span[]): string {
  return pieces
    .map((p) => {
      const raw = text.slice(p.start, p.end);
      const lead = raw.length - raw.replace(/^[\s"“”«»„'‘’,.;:!?…—–-]+/u, '').length;
      const core = raw.replace(EDGE, '');
      return `${p.start + lead}:${core.length}`;
    })
    .filter((k) => !k.endsWith(':0'))
    .join('|');
}

function speakerOk(g: GoldAttribution, p: PredictedQuote): boolean {
  if (!g.source) return p.speaker === null;
  if (!p.speaker) return false;
  return g.source.some((s) => s.start < p.speaker!.end && p.speaker!.start < s.end);
}

/** Precision counts predictions of a group; recall counts gold items of a group (kinds may disagree). */
export interface Counts { predictedTp: number; predicted: number; goldTp: number; gold: number }
export interface ArticleScore {
  /** Keyed by `${matching}/${level}/${group}`, e.g. `overlap/content+speaker/all`. */
  counts: Map<string, Counts>;
  gold: GoldAttribution[];
  predicted: PredictedQuote[];
  /** For each gold item, the index of the prediction it matched under overlap matching, or -1. */
  overlapMatch: number[];
}

export const GROUPS: Record<string, readonly Kind[]> = {
  all: ['direct', 'mixed', 'indirect'],
  'direct+mixed': ['direct', 'mixed'],
  direct: ['direct'],
  mixed: ['mixed'],
  indirect: ['indirect'],
};
export const MATCHINGS = ['overlap', 'exact'] as const;
export const LEVELS = ['content', 'content+speaker'] as const;

/** One-to-one matching; returns for each gold item the matched prediction index or -1. */
function match(text: string, gold: readonly GoldAttribution[], pred: readonly PredictedQuote[], mode: 'overlap' | 'exact'): number[] {
  const pairs: { g: number; p: number; w: number }[] = [];
  gold.forEach((g, gi) => {
    const gKey = mode === 'exact' ? normalized(text, g.content) : '';
    pred.forEach((p, pi) => {
      const w = overlap(text, g.content, p.content);
      if (w === 0) return;
      if (mode === 'exact' && normalized(text, p.content) !== gKey) return;
      pairs.push({ g: gi, p: pi, w });
    });
  });
  pairs.sort((a, b) => b.w - a.w || a.g - b.g || a.p - b.p);
  const gm = gold.map(() => -1);
  const used = new Set<number>();
  for (const { g, p } of pairs) {
    if (gm[g] !== -1 || used.has(p)) continue;
    gm[g] = p;
    used.add(p);
  }
  return gm;
}

export function scoreArticle(text: string, gold: GoldAttribution[], predicted: PredictedQuote[]): ArticleScore {
  const counts = new Map<string, Counts>();
  let overlapMatch: number[] = [];
  for (const mode of MATCHINGS) {
    const gm = match(text, gold, predicted, mode);
    if (mode === 'overlap') overlapMatch = gm;
    const pm = predicted.map(() => -1);
    gm.forEach((p, g) => { if (p >= 0) pm[p] = g; });
    for (const level of LEVELS) {
      const ok = (g: number, p: number): boolean => p >= 0 && (level === 'content' || speakerOk(gold[g]!, predicted[p]!));
      for (const [group, kinds] of Object.entries(GROUPS)) {
        const c: Counts = { predictedTp: 0, predicted: 0, goldTp: 0, gold: 0 };
        gold.forEach((g, gi) => {
          if (!kinds.includes(g.kind)) return;
          c.gold++;
          if (ok(gi, gm[gi]!)) c.goldTp++;
        });
        predicted.forEach((p, pi) => {
          if (!kinds.includes(p.kind)) return;
          c.predicted++;
          if (pm[pi]! >= 0 && ok(pm[pi]!, pi)) c.predictedTp++;
        });
        counts.set(`${mode}/${level}/${group}`, c);
      }
    }
  }
  return { counts, gold, predicted, overlapMatch };
}

export interface Prf { precision: number; recall: number; f1: number; gold: number; predicted: number }

/** Sum article counts and compute precision, recall and F1 per key. */
export function summarize(scores: readonly ArticleScore[]): Map<string, Prf> {
  const sums = new Map<string, Counts>();
  for (const s of scores) {
    for (const [k, c] of s.counts) {
      const acc = sums.get(k) ?? { predictedTp: 0, predicted: 0, goldTp: 0, gold: 0 };
      acc.predictedTp += c.predictedTp;
      acc.predicted += c.predicted;
      acc.goldTp += c.goldTp;
      acc.gold += c.gold;
      sums.set(k, acc);
    }
  }
  const out = new Map<string, Prf>();
  for (const [k, a] of sums) {
    const precision = a.predicted ? a.predictedTp / a.predicted : 0;
    const recall = a.gold ? a.goldTp / a.gold : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    out.set(k, { precision, recall, f1, gold: a.gold, predicted: a.predicted });
  }
  return out;
}

export function formatSummary(summary: Map<string, Prf>): string {
  const lines: string[] = [];
  const pct = (x: number): string => x.toFixed(3);
  for (const mode of MATCHINGS) {
    lines.push(`${mode} matching`);
    lines.push(`  ${'group'.padEnd(14)}${'gold'.padStart(6)}${'pred'.padStart(6)}  ${'content P / R / F1'.padEnd(22)}  content+speaker P / R / F1`);
    for (const group of Object.keys(GROUPS)) {
      const c = summary.get(`${mode}/content/${group}`)!;
      const s = summary.get(`${mode}/content+speaker/${group}`)!;
      lines.push(`  ${group.padEnd(14)}${String(c.gold).padStart(6)}${String(c.predicted).padStart(6)}  ${`${pct(c.precision)} ${pct(c.recall)} ${pct(c.f1)}`.padEnd(22)}  ${pct(s.precision)} ${pct(s.recall)} ${pct(s.f1)}`);
    }
  }
  return lines.join('\n');
}
