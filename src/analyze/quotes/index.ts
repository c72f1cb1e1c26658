/**
 * Quotes: who said what.
 *
 * Workflow:
 *   1. `quotations` (quotations.ts): every stretch between quotation marks;
 *   2. attribution frames (frames.ts): for each cue, its source and content —
 *      direct quotes before, after and around their attribution, quotes split
 *      by it, quotes over several paragraphs, reported speech, beliefs and
 *      intentions, "according to";
 *   3. quotations no frame took: a full-sentence quotation right after an
 *      attribution (later in its paragraph, or opening the next paragraph)
 *      continues it (one more fragment; reported speech becomes mixed);
 *      other full sentences in quotation marks are unattributed quotes;
 *      short ones are scare quotes or titles, not speech;
 *   4. resolve each source to an entity (speaker.ts): names, surnames,
 *      pronouns to the person they refer to, roles, organisations.
 */
import type { Quote } from '../../brief/schema.js';
import type { Span } from '../../text/span.js';
import { firstStartingAt } from '../../text/span.js';
import type { Doc, Quotation, Stage } from '../types.js';
import { layer } from '../types.js';
import { ATTRIBUTION, CUE_FORMS, HONORIFICS, ROLE_NOUNS } from '../../data/lexicon.js';
import { matchTitle } from '../../text/titles.js';
import { Context, findFrames, opensAfterConnective } from './frames.js';
import type { Frame } from './frames.js';
import { SpeakerResolver } from './speaker.js';
import { candidatesFor, speakerModel } from './speaker-model.js';
import type { Candidate, SpeakerScene } from './speaker-model.js';

export { findQuotations, quotationsStage } from './quotations.js';

/** An unattributed quotation shorter than this is a scare quote or a title, not speech. */
const MIN_SPEECH_WORDS = 6;

function wordCount(s: string): number {
  return s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** A quote with the frame that attributes it (a sourceless stand-in for an unattributed quotation). */
export interface QuoteRecord {
  quote: Quote;
  frame: Frame;
  /** Quotations appended after the frame's own content (". “B.”" continuing the attribution). */
  continued: number;
}

/** Everything the quotes stage built for a document: frames, the context, and the quotes with their frames. */
export interface QuoteAnalysis {
  ctx: Context;
  frames: Frame[];
  records: QuoteRecord[];
  resolver: SpeakerResolver;
  scene: SpeakerScene;
}

export function extractQuotes(doc: Doc): Quote[] {
  return withoutNestedRepeats(doc.text, analyseQuotes(doc).records.map((r) => r.quote));
}

/**
 * Quotes (sorted by start) without those lying wholly inside another quote of the same speaker: in
 * 'Clinton says voters want what she calls “real solutions.”' the naming frame's “real solutions” is part of
 * what Clinton says, and listing it again repeats her words. The same speaker is the same entity, or the same
 * mention words (case aside), or no speaker for both. A nested quote of someone else ('Ruiz said Hale called
 * the plan “a disaster”') stays.
 */
export function withoutNestedRepeats(text: string, quotes: readonly Quote[]): Quote[] {
  const who = (q: Quote): string => (q.speakerMention ? text.slice(q.speakerMention.start, q.speakerMention.end).toLowerCase() : '');
  const inside = (inner: Quote, outer: Quote): boolean =>
    inner.fragments.every((f) => outer.fragments.some((o) => o.start <= f.start && f.end <= o.end)) &&
    !(inner.fragments.length === outer.fragments.length && inner.fragments.every((f, i) => f.start === outer.fragments[i]!.start && f.end === outer.fragments[i]!.end));
  return quotes.filter((q) => q.fragments.length === 0 || !quotes.some((o) => o !== q && o.fragments.length > 0 &&
    (o.start ?? 0) <= (q.start ?? 0) && ((q.speaker !== null && o.speaker === q.speaker) || who(o) === who(q)) && inside(q, o)));
}

/**
 * The text the attribution rules read: the single marks that open and close a quotation written
 * as double ones, at the same offsets (‘…’ as “…”, '…' as "…"), so every rule that looks for a
 * quotation mark in the text finds them, while apostrophes stay as they are. A double mark typed
 * as two apostrophes or backticks becomes a space and a mark, the mark on the quotation's side
 * (''Yes,'' → ' "Yes," '). Output is cut from the document's own text.
 */
function withDoubleMarks(text: string, quotations: readonly Quotation[]): string {
  const rewritten = quotations.filter((q) => q.single || q.markLength === 2);
  if (rewritten.length === 0) return text;
  // Code units, not characters: offsets stay those of the text (a mark is one unit either way).
  const chars = text.split('');
  for (const q of rewritten) {
    if (q.markLength === 2) {
      chars[q.start] = ' ';
      chars[q.start + 1] = '"';
      if (!q.open) {
        chars[q.end - 2] = '"';
        chars[q.end - 1] = ' ';
      }
      continue;
    }
    chars[q.start] = text[q.start] === "'" ? '"' : '“';
    if (!q.open) chars[q.end - 1] = text[q.end - 1] === "'" ? '"' : '”';
  }
  return chars.join('');
}

export function analyseQuotes(doc: Doc): QuoteAnalysis {
  const text = doc.text;
  const quotations = layer(doc, 'quotations');
  const paragraphs = layer(doc, 'paragraphs');
  const sentences = layer(doc, 'sentences');
  const entities = layer(doc, 'entities');
  const types = new Map(entities.entities.map((e) => [e.id, e.type]));
  const named = entities.mentions.filter((m) => types.get(m.entity) === 'PERSON' || types.get(m.entity) === 'ORG');
  const ctx = new Context(withDoubleMarks(text, quotations), layer(doc, 'tokens'), sentences, paragraphs, quotations, layer(doc, 'syntax'), named);
  const frames = splitFurtherSpeech(ctx, findFrames(ctx));
  const resolver = new SpeakerResolver(doc, entities);

  const records: QuoteRecord[] = [];
  const push = (f: Frame, speaker: { entity: string | null; name: string | null; mention: Span | null }, reason: string): void => {
    const first = f.content[0]!;
    const last = f.content.at(-1)!;
    records.push({ frame: f, continued: 0, quote: {
      // Fragments of a split quote are joined with an ellipsis: the attribution between them is left out.
      text: f.content.map((c) => text.slice(c.start, c.end)).join(' … '),
      start: first.start,
      end: last.end,
      kind: f.kind,
      speaker: speaker.entity,
      speakerName: speaker.name,
      speakerMention: speaker.mention,
      cue: f.cue.end > f.cue.start ? text.slice(f.cue.start, f.cue.end) : null,
      cueSpan: f.cue.end > f.cue.start ? f.cue : null,
      cueType: f.cue.end > f.cue.start ? f.cls : null,
      fragments: f.content.map((c) => ({ ...c })),
      reason,
    } });
  };

  // Step 3 needs the frames and the unclaimed quotations in text order.
  const sentenceStarts = new Set(sentences.map((s) => s.start));
  const events: { at: number; frame?: Frame; quotation?: number }[] = frames.map((f) => ({ at: f.content[0]!.start, frame: f }));
  quotations.forEach((q, qi) => { if (!ctx.claimedQuotation[qi]) events.push({ at: q.start, quotation: qi }); });
  events.sort((a, b) => a.at - b.at);

  let last: { record: QuoteRecord; entity: string | null; name: string | null; paragraph: number } | null = null;
  for (const ev of events) {
    if (ev.frame) {
      const f = ev.frame;
      const who = resolver.resolve(f.source, f.sourceHow, f.content[0]!.start, f.antecedent);
      push(f, who, f.reason);
      const para = quotations[f.quotations.at(-1) ?? -1]?.paragraph ?? paragraphIndex(paragraphs, f.content.at(-1)!.start);
      // Any attribution may go on in a stand-alone quotation ("X said he would help. “I'm in.”"), but not
      // one in a relative clause describing an earlier speaker ("“A,” said X, who wrote a book. “B.”").
      const describes = f.sourceHow === 'relative' && last !== null && last.paragraph === para;
      if (!describes) last = { record: records.at(-1)!, entity: who.entity, name: who.name, paragraph: para };
      continue;
    }
    const q = quotations[ev.quotation!]!;
    const inner = text.slice(q.inner.start, q.inner.end);
    const startsSentence = sentenceStarts.has(q.start) || /(?:^|[:.!?])\s*$/.test(text.slice(Math.max(0, q.start - 3), q.start)) || afterConnective(ctx, q);
    const utterance = wordCount(inner) >= MIN_SPEECH_WORDS && startsSentence && (/[.!?…,]$/.test(inner) || q.open);
    if (!utterance) continue; // a scare quote, a title or a term: not speech
    const sameParagraph = last !== null && q.paragraph === last.paragraph && q.start >= (last.record.quote.end ?? 0);
    const nextParagraph = last !== null && q.paragraph - last.paragraph === 1 && q.start === paragraphs[q.paragraph]!.start;
    if (last && (sameParagraph || nextParagraph)) {
      // A quotation that stands alone right after a speaker's words (later in the paragraph, or
      // opening the next one) goes on with what that speaker said.
      const quote = last.record.quote;
      if (quote.kind === 'indirect') quote.kind = 'mixed';
      quote.fragments.push({ ...q.inner });
      quote.end = q.inner.end;
      quote.text = `${quote.text} … ${inner}`;
      last.record.continued++;
      last.paragraph = q.paragraph;
      continue;
    }
    const frame: Frame = { cue: { start: 0, end: 0 }, cls: 'speech', lemma: '', source: null, sourceHow: 'none', content: [q.inner], kind: 'direct', quotations: [ev.quotation!], reason: '' };
    push(frame, { entity: null, name: null, mention: null }, 'full-sentence quotation without attribution');
    last = null;
  }
  records.sort((a, b) => (a.quote.start ?? 0) - (b.quote.start ?? 0));
  const scene: SpeakerScene = { ctx, frames, mentions: entities.mentions.map((m) => ({ start: m.start, end: m.end, type: types.get(m.entity) ?? 'MISC' })) };
  // Step 5: the learned ranker picks the speaker of every quote among the candidates around it.
  const model = speakerModel();
  if (model) {
    for (const r of records) {
      const cands = candidatesFor(scene, r.quote, r.frame);
      const best = model.choose(scene, r.quote, r.frame, cands);
      if (best > 0) applyCandidate(text, r, cands[best]!, resolver);
    }
  }
  // Step 6: a speaker mention that cuts a name ("Street" of "Downing Street said", where the tagger read
  // "Downing" as a verb and the chunk began after it) is widened to the whole name.
  for (const r of records) r.quote.speakerMention = wholeName(r.quote, entities.mentions);
  // Step 7: "On Monday President Obama said", "at the convention Sen. Warren said": with no comma after the
  // opening phrase, the subject chunk swallows its last noun; the mention starts at the title.
  for (const r of records) if (r.quote.speakerMention) r.quote.speakerMention = fromTitle(ctx, r.quote.speakerMention);
  return { ctx, frames, records, resolver, scene };
}

/** A quotation opening its sentence after a connective only ('Indeed, “…”', 'But “…”'). */
function afterConnective(ctx: Context, q: Quotation): boolean {
  const t = ctx.tokenFrom(q.start);
  const si = t < ctx.toks.length ? ctx.sentenceOf[t]! : -1;
  return si >= 0 && t > ctx.sentenceFirst[si]! && opensAfterConnective(ctx, ctx.sentenceFirst[si]!, t);
}

/**
 * A speaker mention cut to start at a capitalised title before a name (data/lexicon/titles.json), when the
 * word before that title is a common noun ("the party’s convention Sen. Elizabeth Warren") or a day
 * ("Monday President Obama"): those words close an opening phrase, they do not describe the person. A role
 * noun ("candidate Sen. Ted Cruz") or an adjective ("former Gov. Jeb Bush") before the title stays.
 */
export function fromTitle(ctx: Context, m: Span): Span {
  const t0 = ctx.tokenFrom(m.start);
  for (let k = t0 + 1; k < ctx.toks.length && ctx.toks[k]!.end < m.end; k++) {
    const n = titleLength(ctx, k);
    if (n === 0 || k + n >= ctx.toks.length || ctx.toks[k + n]!.start >= m.end || !/^\p{Lu}/u.test(ctx.toks[k + n]!.text)) continue;
    const prev = ctx.toks[k - 1]!.text;
    const tag = ctx.syntax.pos(k - 1);
    const commonNoun = (tag === 'NN' || tag === 'NNS') && /^\p{Ll}/u.test(prev) && !ROLE_NOUNS.has(ctx.low[k - 1]!);
    const day = tag.startsWith('NNP') && ATTRIBUTION.timeWords.has(ctx.low[k - 1]!);
    if (commonNoun || day) return { start: ctx.toks[k]!.start, end: m.end };
  }
  return m;
}

/** Tokens of the pre-modifier title or honorific starting at token k ("Sen.", "Vice President", "Mrs."), or 0. */
function titleLength(ctx: Context, k: number): number {
  const limit = ctx.toks.length;
  return Math.max(matchTitle(ctx.text, ctx.toks, k, limit), matchTitle(ctx.text, ctx.toks, k, limit, HONORIFICS));
}

/** Longest name mention, in characters, that `wholeName` looks back for. */
const MAX_NAME_CHARS = 200;

/**
 * A quote's speaker mention widened to cover the name mentions (sorted by start) it overlaps in part, unless
 * the wider span would reach into the quote's content or cue.
 */
export function wholeName(quote: Quote, names: readonly Span[]): Span | null {
  const m = quote.speakerMention;
  if (!m) return null;
  let { start, end } = m;
  for (let i = firstStartingAt(names, m.start - MAX_NAME_CHARS); i < names.length && names[i]!.start < m.end; i++) {
    const n = names[i]!;
    if (n.end <= m.start || (n.start >= m.start && n.end <= m.end)) continue;
    const wide = { start: Math.min(start, n.start), end: Math.max(end, n.end) };
    const touches = (s: Span): boolean => s.start < wide.end && wide.start < s.end;
    if (quote.fragments.some(touches) || (quote.cueSpan && touches(quote.cueSpan))) continue;
    start = wide.start;
    end = wide.end;
  }
  return start === m.start && end === m.end ? m : { start, end };
}

/** Give a quote the speaker (and, for another frame's source, the cue) of a candidate. */
export function applyCandidate(text: string, r: QuoteRecord, c: Candidate, resolver: SpeakerResolver): void {
  const q = r.quote;
  const contentStart = q.fragments[0]!.start;
  if (!c.span) {
    Object.assign(q, { speaker: null, speakerName: null, speakerMention: null });
    return;
  }
  const f = c.frame;
  const who = f && f.source
    ? resolver.resolve(f.source, f.sourceHow, contentStart, f.antecedent)
    : resolver.resolve(c.span, 'subject', contentStart);
  Object.assign(q, { speaker: who.entity, speakerName: who.name, speakerMention: { ...c.span } });
  if (f && f !== r.frame && f.cue.end > f.cue.start) {
    Object.assign(q, { cue: text.slice(f.cue.start, f.cue.end), cueSpan: { ...f.cue }, cueType: f.cls });
  }
}

/**
 * "“A,” she said, adding, “B.”": a frame whose pieces are separated by the participle of a cue that opens
 * further speech (data/lexicon/attribution.json, furtherSpeech) is two attributions of the same source, the
 * second with the participle as its cue (news annotation such as PolNeAR's takes the second cue as its own
 * attribution; on its train split 15 of 17 such pieces were).
 */
export function splitFurtherSpeech(ctx: Context, frames: readonly Frame[]): Frame[] {
  const out: Frame[] = [];
  for (const f of frames) {
    let rest = f;
    for (let i = 0; i + 1 < rest.content.length; i++) {
      const a = rest.content[i]!;
      const b = rest.content[i + 1]!;
      let cue = -1;
      for (let k = ctx.tokenFrom(a.end); k < ctx.toks.length && ctx.toks[k]!.start < b.start; k++) {
        if (ctx.toks[k]!.start < rest.cue.end && rest.cue.start < ctx.toks[k]!.end) continue;
        const form = CUE_FORMS.get(ctx.low[k]!);
        if (form && form.form === 'ing' && ATTRIBUTION.furtherSpeech.has(form.lemma) && ctx.syntax.pos(k).startsWith('VB')) { cue = k; break; }
      }
      if (cue < 0) continue;
      const form = CUE_FORMS.get(ctx.low[cue]!)!;
      const first = { ...rest, content: rest.content.slice(0, i + 1), quotations: rest.quotations.filter((q) => ctx.quotations[q]!.start < b.start) };
      const startsQuotation = rest.quotations.some((q) => ctx.quotations[q]!.inner.start === b.start);
      rest = {
        ...rest,
        cue: { start: ctx.toks[cue]!.start, end: ctx.toks[cue]!.end },
        cls: form.cls,
        lemma: form.lemma,
        content: rest.content.slice(i + 1),
        quotations: rest.quotations.filter((q) => ctx.quotations[q]!.start >= a.end),
        kind: startsQuotation ? 'direct' : rest.kind,
        reason: 'further speech after an attribution',
      };
      out.push(first);
      i = -1;
    }
    out.push(rest);
  }
  return out;
}

function paragraphIndex(paragraphs: readonly Span[], pos: number): number {
  let lo = 0;
  let hi = paragraphs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (paragraphs[mid]!.start <= pos) lo = mid; else hi = mid - 1;
  }
  return lo;
}

export const quotesStage: Stage<'quotes'> = {
  name: 'quotes', reads: ['paragraphs', 'sentences', 'tokens', 'syntax', 'quotations', 'entities'], writes: 'quotes',
  run: extractQuotes,
};
