/**
 * Learned speaker choice for quotes: a linear ranker over candidate sources.
 *
 * Workflow, for each quote (direct, mixed or indirect; the kind is a feature):
 *   1. candidates: the source the frame rules chose, the sources of other
 *      frames nearby, every noun-phrase chunk and name mention in the
 *      quote's sentences and the sentences around them (outside quotation
 *      marks and outside the quote), and "no source";
 *   2. features of each candidate (see `candidateFeatures`): where it lies
 *      relative to the quote and the cue (direction, sentences, paragraphs,
 *      tokens, the shape of the words in between: ", he said" / "said:"),
 *      what it is (pronoun, name, organisation, common noun and its head),
 *      the words around it, whether the rules chose it and by which rule,
 *      whether it is the object of a preposition, where it lies relative to
 *      the rules' source, whether it is a share of a group ("52 percent of
 *      voters") or a poll, and whether a poll is named after the cue;
 *   3. the candidate with the highest score (sum of feature weights) is the
 *      speaker mention; a candidate that is another frame's source brings
 *      that frame's cue.
 *
 * The weights (data/models/quote-speaker.json) are trained by
 * `npm run train:quotes` (scripts/train-quotes.ts) on the PolNeAR train split
 * with an averaged ranking perceptron. Without the model file the rules'
 * choice stands.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Quote } from '../../brief/schema.js';
import { projectRoot } from '../../data/paths.js';
import { ModelError } from '../../errors.js';
import { ATTRIBUTION, CUE_FORMS } from '../../data/lexicon.js';
import type { Span } from '../../text/span.js';
import { findOverlapping, firstStartingAt } from '../../text/span.js';
import { PASSIVE_AUX, SUBORDINATORS } from './frames.js';
import type { Context, Frame } from './frames.js';

/** Model file, relative to the project root. */
export const QUOTE_SPEAKER_MODEL_FILE = path.join('data', 'models', 'quote-speaker.json');
export const QUOTE_SPEAKER_FORMAT = 'briefly-quote-speaker';
export const QUOTE_SPEAKER_VERSION = 1;

/** Sentences before the quote's first sentence and after its last one where candidates are looked for. */
const SENTENCES_BEFORE = 2;
const SENTENCES_AFTER = 1;
/** Longest stretch of words between a candidate and the quote that is described word by word. */
const MAX_GAP_SHAPE = 5;
/** Longest name mention, in characters (to find the mentions overlapping a span by binary search). */
const MAX_MENTION_CHARS = 200;

const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'i', 'we', 'you', 'who', 'which', 'that', 'him', 'her', 'them', 'his', 'their', 'its']);

export interface Candidate {
  /** null: no source. */
  span: Span | null;
  /** The frame whose source this is (the quote's own frame or another), if any. */
  frame: Frame | null;
  /** The rules' choice. */
  current: boolean;
  /** Type of the name mention covering the candidate, if any. */
  entityType: string | null;
  /** Candidates nearer to the quote on the same side (before it, after it), set by `candidatesFor`. */
  rank: number;
}

/** What candidate features need to know about the document. */
export interface SpeakerScene {
  ctx: Context;
  frames: readonly Frame[];
  /** Name mentions with their entity type, sorted by start. */
  mentions: readonly (Span & { type: string })[];
  /** The sources of the frames that have one, sorted by start, with the frame and its index in `frames` (built on first use). */
  bySource?: (Span & { frame: Frame; index: number })[];
}

const bucket = (n: number, edges: readonly number[]): string => {
  for (const e of edges) if (n <= e) return String(e);
  return `>${edges.at(-1)!}`;
};

/** Word class for the shape of a gap: punctuation as written, cue verbs, auxiliaries, adverbs, else the POS tag. */
function shapeOf(ctx: Context, k: number): string {
  const t = ctx.toks[k]!.text;
  if (!/[\p{L}\p{N}]/u.test(t)) return /["“”«»„]/u.test(t) ? 'Q' : t;
  const w = ctx.low[k]!;
  const cue = CUE_FORMS.get(w);
  if (cue) return cue.cls === 'speech' ? `V${cue.form}` : `C${cue.form}`;
  if (ATTRIBUTION.auxiliaries.has(w)) return 'aux';
  if (w === 'according' || w === 'to' || w === 'that' || w === 'as' || w === 'by' || w === 'from' || w === 'of' || w === 'in') return w;
  return ctx.syntax.pos(k);
}

/** Words that may stand between a subject and its verb, or a verb and its content, in `boundSubject`. */
const BOUND_GAP = 2;

/**
 * Is the quote's source the subject right before its cue (past adverbs and auxiliaries), with the content
 * starting right after the cue ("the council calls a “…”", "Hale said “…”")?
 */
function boundSubject(ctx: Context, quote: Quote, frame: Frame): boolean {
  const src = quote.speakerMention;
  const cue = quote.cueSpan;
  if (!src || !cue || frame.sourceHow !== 'subject' || src.start !== frame.source?.start || src.end > cue.start) return false;
  // Only a cue from the lexicon used as a finite verb or after an auxiliary: the subject of a participle
  // ("signs calling X “…”") or of a verb the lexicon does not list may not be the one speaking.
  if (frame.reason === 'verb with a quotation in its object') return false;
  // A subject that is the object of a preposition ("a source close to the talks said") may be the noun inside a
  // modifier of the real subject; a share of a group or a poll ("52 percent of voters", "a survey") may be
  // the group or the poll: the ranker sees every candidate.
  if (prepositionalObject(ctx, ctx.tokenFrom(src.start)) || groupOrPoll(ctx, src).length > 0) return false;
  const cueFirst = ctx.tokenFrom(cue.start);
  const tag = ctx.syntax.pos(cueFirst);
  if (tag !== 'VBD' && tag !== 'VBZ' && tag !== 'VBP' && !(tag === 'VBN' && ATTRIBUTION.auxiliaries.has(ctx.low[cueFirst - 1] ?? ''))) return false;
  for (let k = ctx.tokenFrom(src.end); k < cueFirst; k++) {
    if (cueFirst - k > BOUND_GAP || !(ATTRIBUTION.adverbs.has(ctx.low[k]!) || ATTRIBUTION.auxiliaries.has(ctx.low[k]!))) return false;
  }
  const contentFirst = ctx.tokenFrom(quote.fragments[0]!.start);
  const afterCue = ctx.tokenFrom(cue.end);
  if (contentFirst < afterCue || contentFirst - afterCue > BOUND_GAP) return false;
  for (let k = afterCue; k < contentFirst; k++) if (ctx.toks[k]!.text !== 'that' && !/^["“«„:,]$/u.test(ctx.toks[k]!.text)) return false;
  return true;
}

/**
 * Is token k (the first of a noun phrase) the object of a preposition ("close to [the talks]")? A word tagged
 * IN that opens a clause ("that", "because", the subordinators of frames.ts: "when he said") is no preposition.
 */
export function prepositionalObject(ctx: Context, k: number): boolean {
  if (k <= 0) return false;
  const tag = ctx.syntax.pos(k - 1);
  const w = ctx.low[k - 1]!;
  return (tag === 'IN' || tag === 'TO') && w !== 'that' && !SUBORDINATORS.has(w);
}

/**
 * What a span says about a share of a group or a poll: 'share' when it holds a share word followed by "of"
 * ("52 percent of voters", "a majority of respondents") or a number with a share word ("52 percent"),
 * 'survey' when it holds a poll or survey noun ("a new poll"); empty when neither.
 */
function groupOrPoll(ctx: Context, s: Span): string {
  const a = ctx.tokenFrom(s.start);
  const b = Math.max(a, ctx.tokenFrom(s.end) - 1);
  let out = '';
  for (let k = a; k <= b; k++) {
    const w = ctx.low[k]!;
    if (ATTRIBUTION.shareWords.has(w) && (ctx.low[k + 1] === 'of' || (k > a && /^\d/.test(ctx.low[k - 1]!)))) out = out.includes('share') ? out : `${out}share`;
    if (ATTRIBUTION.surveyNouns.has(w)) out = out.includes('survey') ? out : `${out}survey`;
  }
  return out;
}

/** Is a poll or survey named within a few words after the cue ("said in a new poll", "told pollsters")? */
function surveyAfterCue(ctx: Context, cue: Span | null): boolean {
  if (!cue) return false;
  const k0 = ctx.tokenFrom(cue.end);
  for (let k = k0; k < ctx.toks.length && k < k0 + SURVEY_WINDOW; k++) {
    if (ATTRIBUTION.surveyNouns.has(ctx.low[k]!) || ctx.low[k]!.startsWith('pollster')) return true;
    if (ctx.quotationOf[k]! >= 0) break;
  }
  return false;
}

/**
 * Is a poll or survey named earlier in token k's sentence, before it ("In a poll released Monday, [52 percent
 * of voters] said")?
 */
function surveyBefore(ctx: Context, k: number): boolean {
  const first = ctx.sentenceFirst[ctx.sentenceOf[k]!]!;
  for (let m = k - 1; m >= first; m--) if (ATTRIBUTION.surveyNouns.has(ctx.low[m]!) && ctx.quotationOf[m]! < 0) return true;
  return false;
}

/**
 * The form of a quote's cue: its first word's POS tag, with "pass" when it is a participle after a form of
 * "be" (past adverbs and other auxiliaries: "was said", "cannot be portrayed"), whose subject is not the
 * speaker; "none" without a cue.
 */
function cueForm(ctx: Context, cue: Span | null): string {
  if (!cue) return 'none';
  const k = ctx.tokenFrom(cue.start);
  const tag = ctx.syntax.pos(k);
  if (tag !== 'VBN') return tag;
  for (let m = k - 1; m >= 0 && m >= k - 4; m--) {
    const w = ctx.low[m]!;
    if (PASSIVE_AUX.has(w)) return 'pass';
    if (!(ATTRIBUTION.adverbs.has(w) || ATTRIBUTION.auxiliaries.has(w))) break;
  }
  return tag;
}

/** Words after a cue where a poll may be named ("said in a new national poll"). */
const SURVEY_WINDOW = 6;

/**
 * The sentences where a quote's candidates are looked for (`from`..`to`, characters `lo`..`hi`), and the
 * paragraphs of the quote's first and last sentences; null when the quote lies outside every sentence.
 */
export function candidateWindow(ctx: Context, quote: Quote): { from: number; to: number; p0: number; p1: number; lo: number; hi: number } | null {
  const t0 = ctx.tokenFrom(quote.fragments[0]!.start);
  const t1 = Math.max(t0, ctx.tokenFrom(quote.fragments.at(-1)!.end) - 1);
  const s0 = ctx.sentenceOf[Math.min(t0, ctx.toks.length - 1)] ?? -1;
  const s1 = ctx.sentenceOf[Math.min(t1, ctx.toks.length - 1)] ?? -1;
  if (s0 < 0 || s1 < 0) return null;
  const from = Math.max(0, s0 - SENTENCES_BEFORE);
  const to = Math.min(ctx.sentences.length - 1, s1 + SENTENCES_AFTER);
  return { from, to, p0: ctx.sentences[s0]!.paragraph, p1: ctx.sentences[s1]!.paragraph, lo: ctx.sentences[from]!.start, hi: ctx.sentences[to]!.end };
}

/** Collect candidates for a quote (the rules' choice first). */
export function candidatesFor(scene: SpeakerScene, quote: Quote, frame: Frame): Candidate[] {
  const { ctx } = scene;
  const frags = quote.fragments;
  const qs = frags[0]!.start;
  const qe = frags.at(-1)!.end;
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const inQuote = (s: Span): boolean => frags.some((f) => s.start < f.end && f.start < s.end);
  const mentions = scene.mentions;
  // First mention that may overlap a span (mentions are sorted by start and short): binary search.
  const firstMention = (pos: number): number => firstStartingAt(mentions, pos - MAX_MENTION_CHARS);
  const typeAt = (s: Span): string | null => findOverlapping(mentions, s, MAX_MENTION_CHARS)?.type ?? null;
  const add = (span: Span | null, f: Frame | null, current: boolean): void => {
    const key = span ? `${span.start}:${span.end}` : 'none';
    if (seen.has(key)) return;
    if (span && inQuote(span)) return;
    seen.add(key);
    out.push({ span, frame: f, current, entityType: span ? typeAt(span) : null, rank: 0 });
  };
  add(quote.speakerMention ?? null, quote.speakerMention ? frame : null, true);
  // "what the council calls a “rationalisation”", "Hale said “…”": a subject, its verb and the content right
  // after it leave no choice to make.
  if (boundSubject(ctx, quote, frame)) return out;
  add(null, null, false);
  const win = candidateWindow(ctx, quote);
  if (!win) return out;
  const { from, to, p0, p1, lo, hi } = win;
  // The frames whose source lies in the window, in the frames' order: found by binary search (a long
  // document has thousands of frames and quotes).
  scene.bySource ??= scene.frames.flatMap((frame, index) => (frame.source ? [{ ...frame.source, frame, index }] : [])).sort((a, b) => a.start - b.start);
  const bySource = scene.bySource;
  const inWindow: { frame: Frame; index: number }[] = [];
  for (let i = firstStartingAt(bySource, lo); i < bySource.length && bySource[i]!.start <= hi; i++) if (bySource[i]!.end <= hi) inWindow.push(bySource[i]!);
  inWindow.sort((a, b) => a.index - b.index);
  for (const { frame: f } of inWindow) add(f.source, f, false);
  for (let si = from; si <= to; si++) {
    const para = ctx.sentences[si]!.paragraph;
    if (para < p0 - 1 || para > p1) continue;
    let k = ctx.sentenceFirst[si]!;
    const end = ctx.sentenceEnd[si]!;
    while (k < end) {
      const c = ctx.syntax.chunk(k);
      if (c === 'B-NP' || (c === 'I-NP' && ctx.syntax.chunk(k - 1).slice(2) !== 'NP')) {
        let e = k + 1;
        while (e < end && ctx.syntax.chunk(e) === 'I-NP') e++;
        let inside = false;
        for (let m = k; m < e && !inside; m++) inside = ctx.quotationOf[m]! >= 0;
        if (!inside && /[\p{L}\p{N}]/u.test(ctx.text.slice(ctx.toks[k]!.start, ctx.toks[e - 1]!.end))) {
          add({ start: ctx.toks[k]!.start, end: ctx.toks[e - 1]!.end }, null, false);
        }
        k = e;
      } else k++;
    }
  }
  for (let i = firstMention(lo); i < mentions.length && mentions[i]!.start < hi; i++) {
    const m = mentions[i]!;
    if (m.end <= lo) continue;
    const mk = ctx.tokenFrom(m.start);
    if (ctx.quotationOf[mk]! >= 0) continue;
    // A mention inside a chunk already there is the same candidate.
    if (out.some((c) => c.span && c.span.start <= m.start && m.end <= c.span.end)) continue;
    add({ start: m.start, end: m.end }, null, false);
  }
  // Rank by distance on each side of the quote.
  const before = out.filter((c) => c.span && c.span.end <= qs).sort((a, b) => b.span!.end - a.span!.end);
  const after = out.filter((c) => c.span && c.span.start >= qe).sort((a, b) => a.span!.start - b.span!.start);
  before.forEach((c, i) => { c.rank = i; });
  after.forEach((c, i) => { c.rank = i; });
  return out;
}

/**
 * Emit one feature given as its parts: the feature is the parts joined with '|' ("subj|verb|B|0"). The
 * ranker looks the parts up one by one (see SpeakerModel), so no feature string is built to score.
 */
export type EmitFeatureParts = (a: string, b?: string, c?: string, d?: string, e?: string) => void;

/** Features of one candidate for one quote, as strings (training and tests). */
export function candidateFeatures(scene: SpeakerScene, quote: Quote, frame: Frame, cand: Candidate, emit: (f: string) => void): void {
  candidateFeatureParts(scene, quote, frame, cand, (...parts) => emit(parts.join('|')));
}

/** Features of one candidate for one quote, each as its parts. */
export function candidateFeatureParts(scene: SpeakerScene, quote: Quote, frame: Frame, cand: Candidate, emit: EmitFeatureParts): void {
  const { ctx } = scene;
  const reason = quote.reason ?? '';
  const kind = quote.kind;
  const cur = cand.current ? 'cur' : 'alt';
  const qs = quote.fragments[0]!.start;
  const qe = quote.fragments.at(-1)!.end;
  const qt0 = ctx.tokenFrom(qs);
  const qPara = ctx.sentences[ctx.sentenceOf[Math.min(qt0, ctx.toks.length - 1)]!]?.paragraph ?? -1;
  const paraStart = qPara >= 0 && ctx.paragraphs[qPara]!.start >= qs - 1 ? 'pstart' : 'pmid';
  const hasCue = quote.cueSpan ? 'cue' : 'nocue';
  const cform = cueForm(ctx, quote.cueSpan);
  if (!cand.span) {
    emit('none', 'cform', cform, reason);
    emit('none');
    emit('none', cur);
    emit('none', cur, reason);
    emit('none', kind, hasCue);
    emit('none', paraStart, hasCue);
    return;
  }
  const s = cand.span;
  const c0 = ctx.tokenFrom(s.start);
  const c1 = Math.max(c0, ctx.tokenFrom(s.end) - 1);
  const low = ctx.low[c0]!;
  const nTok = c1 - c0 + 1;
  const head = ctx.low[c1]!;
  const headPos = ctx.syntax.pos(c1);
  let type: string;
  if (nTok === 1 && PRONOUNS.has(low)) type = `pron:${low}`;
  else if (cand.entityType) type = `ent:${cand.entityType}`;
  else if (headPos.startsWith('NNP')) type = 'prop';
  else type = `noun:${headPos}`;
  const tclass = type.startsWith('pron:') ? (['who', 'which', 'that'].includes(low) ? 'rel' : 'pron') : type;
  // Direction and distance to the quote.
  let dir: string;
  let gapFrom: number;
  let gapTo: number;
  if (s.end <= qs) { dir = 'B'; gapFrom = c1 + 1; gapTo = qt0; }
  else if (s.start >= qe) { dir = 'A'; gapFrom = ctx.tokenFrom(qe); gapTo = c0; }
  else { dir = 'M'; gapFrom = c1 + 1; gapTo = c1 + 1; }
  const sc = ctx.sentenceOf[c0]!;
  const sq = dir === 'A' ? ctx.sentenceOf[Math.max(0, ctx.tokenFrom(qe) - 1)]! : ctx.sentenceOf[Math.min(qt0, ctx.toks.length - 1)]!;
  const sd = bucket(Math.abs(sc - sq), [0, 1, 2]);
  const pd = String(Math.max(-2, Math.min(1, (ctx.sentences[sc]?.paragraph ?? 0) - qPara)));
  const gapLen = Math.max(0, gapTo - gapFrom);
  const td = bucket(gapLen, [0, 1, 2, 4, 8, 16]);
  let shape = 'long';
  let quoteBetween = false;
  for (let k = gapFrom; k < gapTo && k < ctx.toks.length; k++) if (ctx.quotationOf[k]! >= 0 && !ctx.toks[k]!.text.match(/^["“”«»„]$/u)) { quoteBetween = true; break; }
  if (dir !== 'M' && gapLen <= MAX_GAP_SHAPE) {
    const parts: string[] = [];
    for (let k = gapFrom; k < gapTo; k++) parts.push(shapeOf(ctx, k));
    shape = parts.join('_');
  }
  const nextW = c1 + 1 < ctx.toks.length ? ctx.low[c1 + 1]! : '</s>';
  const nextShape = c1 + 1 < ctx.toks.length ? shapeOf(ctx, c1 + 1) : '</s>';
  const prevW = c0 > 0 ? ctx.low[c0 - 1]! : '<s>';
  const prevShape = c0 > 0 ? shapeOf(ctx, c0 - 1) : '<s>';
  const sentInitial = c0 === ctx.sentenceFirst[sc] ? 'sinit' : 'smid';
  const ownSrc = cand.frame !== null && cand.frame === frame;
  const otherSrc = cand.frame !== null && cand.frame !== frame;
  // The subject of a verb: the first word after it, past adverbs and auxiliaries, is a verb (a cue or not).
  let v = c1 + 1;
  while (v < ctx.toks.length && v < c1 + 4 && (ATTRIBUTION.adverbs.has(ctx.low[v]!) || ATTRIBUTION.auxiliaries.has(ctx.low[v]!))) v++;
  const verbAfter = v < ctx.toks.length && ctx.syntax.pos(v).startsWith('VB') ? (CUE_FORMS.get(ctx.low[v]!)?.cls ?? 'verb') : 'no';
  const rank = bucket(cand.rank, [0, 1, 2, 4]);
  emit('subj', verbAfter, dir, sd);
  emit('subj', verbAfter, tclass);
  emit('rank', dir, rank, sd);
  emit('rank', dir, rank, verbAfter);
  emit(cur);
  emit(cur, reason);
  emit(cur, reason, tclass);
  emit(cur, 'cont', String(quote.fragments.length > frame.content.length), dir);
  emit('type', type);
  emit('tclass', tclass, dir);
  emit('dir', dir, sd, pd);
  emit('dir', dir, td);
  emit('dir', dir, td, tclass);
  emit('shape', dir, shape);
  emit('shape', dir, shape, tclass);
  emit('qb', String(quoteBetween), dir);
  emit('next', nextW);
  emit('nexts', nextShape, dir);
  emit('prev', prevW);
  emit('prevs', prevShape, tclass);
  emit('head', head);
  emit('init', sentInitial, dir, sd);
  emit('para', paraStart, dir, pd);
  emit('kind', kind, dir, sd);
  if (ownSrc) emit('own');
  // A relative clause: the subject right after the relative word ("which [Will] claims", "whom [he] called"),
  // or the relative word with a subject of its own after it (an object relative: it is not the speaker).
  const prevTag = c0 > 0 ? ctx.syntax.pos(c0 - 1) : '';
  if (prevTag === 'WP' || prevTag === 'WDT') emit('relsubj', verbAfter, tclass, dir);
  if (tclass === 'rel' && c1 + 1 < ctx.toks.length && ctx.syntax.chunk(c1 + 1) === 'B-NP') emit('relobj', verbAfter, dir);
  // The object of a preposition ("a source close to [the talks]"), and what stands before the preposition.
  if (prepositionalObject(ctx, c0)) {
    const lead = c0 >= 2 ? shapeOf(ctx, c0 - 2) : '<s>';
    emit('pobj', dir, verbAfter);
    emit('pobj', ctx.low[c0 - 1]!, lead);
    emit('pobj', lead, tclass);
  }
  // Where the candidate lies relative to the rules' source: the same span, around it, inside it or apart.
  const rs = frame.source;
  const srel = !rs ? 'nosrc' : rs.start === s.start && rs.end === s.end ? 'same' : s.start <= rs.start && rs.end <= s.end ? 'around' : rs.start <= s.start && s.end <= rs.end ? 'inside' : s.end <= rs.start ? 'left' : s.start >= rs.end ? 'right' : 'cross';
  if (srel !== 'same') emit('srel', srel, tclass);
  // A share of a group or a poll speaking ("52 percent of voters said in a poll").
  const gp = groupOrPoll(ctx, s);
  const survey = surveyAfterCue(ctx, quote.cueSpan) ? 'poll' : 'nopoll';
  if (gp) {
    emit('group', gp, dir, verbAfter);
    emit('group', gp, survey);
  }
  if (survey === 'poll') emit('poll', tclass, dir);
  // "In a poll released Monday, 31 percent of voters said …": a poll named before the share, in its sentence,
  // may be the source rather than the share; the poll candidate sees whether the rules chose a share after it.
  if (gp.includes('share')) emit('group', 'share', 'pollbefore', String(surveyBefore(ctx, c0)), dir);
  if (gp.includes('survey') && rs) {
    const rulesShare = groupOrPoll(ctx, rs).includes('share');
    const rk = ctx.tokenFrom(rs.start);
    if (rulesShare) emit('group', 'survey', 'before-share', String(ctx.sentenceOf[rk] === sc && s.end <= rs.start), String(prevW === 'in'));
  }
  if (otherSrc) {
    emit('other', cand.frame!.reason);
    emit('other', cand.frame!.lemma);
    const overlapsQuote = cand.frame!.content.some((c) => c.start < qe && qs < c.end);
    emit('other', 'overlap', String(overlapsQuote));
  }
  // Relation to the quote's own cue.
  if (quote.cueSpan) {
    const k0 = ctx.tokenFrom(quote.cueSpan.start);
    const rel = s.end <= quote.cueSpan.start ? 'L' : s.start >= quote.cueSpan.end ? 'R' : 'X';
    const dist = rel === 'L' ? k0 - c1 - 1 : rel === 'R' ? c0 - ctx.tokenFrom(quote.cueSpan.end) : 0;
    const sameSent = ctx.sentenceOf[k0] === sc ? 'ss' : 'os';
    emit('cue', rel, bucket(dist, [0, 1, 2, 4, 8]), sameSent);
    emit('cue', rel, bucket(dist, [0, 1, 2, 4, 8]), tclass);
    emit('cuel', rel, frame.lemma, sameSent);
    emit('cform', cform, rel, bucket(dist, [0, 2, 8]), tclass);
  } else {
    emit('nocue', dir, sd, tclass);
  }
}

/** A node of SpeakerModel's feature trie: the weight of the feature whose parts lead here, and the next parts. */
interface FeatureNode {
  weight: number;
  next: Map<string, FeatureNode> | null;
}

/** A trained speaker ranker: one weight per feature. */
export class SpeakerModel {
  /**
   * The weights by feature parts (the features split at '|'): a lookup walks the parts a candidate emits,
   * mostly constant strings whose hashes V8 keeps, where looking up each feature whole in `weights` (about
   * 40 per candidate) built a new string and hashed it every time.
   */
  private readonly trie = new Map<string, FeatureNode>();

  constructor(readonly weights: ReadonlyMap<string, number>) {
    for (const [feature, weight] of weights) {
      const parts = feature.split('|');
      let level = this.trie;
      for (let k = 0; ; k++) {
        let node = level.get(parts[k]!);
        if (node === undefined) level.set(parts[k]!, (node = { weight: 0, next: null }));
        if (k === parts.length - 1) {
          node.weight = weight;
          break;
        }
        level = node.next ??= new Map();
      }
    }
  }

  /** The weight of the feature with these parts (0 when it has none). */
  private weightOf(a: string, b?: string, c?: string, d?: string, e?: string): number {
    let node = this.trie.get(a);
    if (node !== undefined && b !== undefined) node = node.next?.get(b);
    if (node !== undefined && c !== undefined) node = node.next?.get(c);
    if (node !== undefined && d !== undefined) node = node.next?.get(d);
    if (node !== undefined && e !== undefined) node = node.next?.get(e);
    if (node !== undefined) return node.weight;
    // A part holding '|' (the token '|' as the next word) is in no node: its feature is looked up whole.
    if (a.includes('|') || b?.includes('|') || c?.includes('|') || d?.includes('|') || e?.includes('|')) {
      return this.weights.get([a, b, c, d, e].filter((x) => x !== undefined).join('|')) ?? 0;
    }
    return 0;
  }

  score(scene: SpeakerScene, quote: Quote, frame: Frame, cand: Candidate): number {
    let sum = 0;
    candidateFeatureParts(scene, quote, frame, cand, (a, b, c, d, e) => { sum += this.weightOf(a, b, c, d, e); });
    return sum;
  }

  /** Index of the best candidate (the first on ties: the rules' choice comes first). */
  choose(scene: SpeakerScene, quote: Quote, frame: Frame, cands: readonly Candidate[]): number {
    let best = 0;
    let bestScore = -Infinity;
    cands.forEach((c, i) => {
      const v = this.score(scene, quote, frame, c);
      if (v > bestScore) { bestScore = v; best = i; }
    });
    return best;
  }

  static fromJSON(json: unknown): SpeakerModel {
    const j = json as { format?: string; version?: number; scale?: number; weights?: Record<string, number> };
    if (j?.format !== QUOTE_SPEAKER_FORMAT || j.version !== QUOTE_SPEAKER_VERSION || typeof j.weights !== 'object' || j.weights === null) {
      throw new Error(`not a ${QUOTE_SPEAKER_FORMAT} v${QUOTE_SPEAKER_VERSION} model`);
    }
    const scale = j.scale ?? 1;
    return new SpeakerModel(new Map(Object.entries(j.weights).map(([k, v]) => [k, v / scale])));
  }
}

let loaded: SpeakerModel | null | undefined;

/** The committed model (loaded once), or null when the file is absent. */
export function speakerModel(): SpeakerModel | null {
  if (loaded !== undefined) return loaded;
  const full = path.join(projectRoot(), QUOTE_SPEAKER_MODEL_FILE);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch {
    loaded = null;
    return loaded;
  }
  try {
    loaded = SpeakerModel.fromJSON(JSON.parse(text));
  } catch (e) {
    // Present but broken: say so rather than fall back to the rules without a word.
    throw new ModelError(`Cannot read the quote speaker model ${full} (rebuild it with npm run train:quotes): ${(e as Error).message}`, full);
  }
  return loaded;
}

/** Use this model (or none: null) instead of the committed file, or go back to it (undefined): training and tests. */
export function setSpeakerModel(model: SpeakerModel | null | undefined): void {
  loaded = model;
}
