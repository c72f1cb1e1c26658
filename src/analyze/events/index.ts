/**
 * Events stage: who did what to whom, coded with CAMEO (src/analyze/events/coder.ts)
 * for every sentence of the body. A pure function of the doc: it reads the
 * sentences, tokens, lazy syntax tags, entities and timeline, and writes one
 * plain row per event (ready to be stored as a table row).
 *
 * The dictionary set is the compiled Phoenix set (`data/events/phoenix.json`)
 * unless the doc names a folder of raw PETRARCH dictionaries
 * (`--event-dictionaries DIR`, {@link Doc.eventDictionaries}).
 */
import type { Entity, Event } from '../../brief/schema.js';
import { resolveLeader } from '../../data/leaders.js';
import { tagSentence } from '../../text/pos.js';
import { segmentParagraphs, segmentSentences, tokenize } from '../../text/segment.js';
import type { Token } from '../../text/segment.js';
import type { Span } from '../../text/span.js';
import { findOverlapping, firstStartingAt } from '../../text/span.js';
import { datelineEnd } from '../../text/dateline.js';
import type { Doc, Mention, Stage } from '../types.js';
import { layer } from '../types.js';
import { cameoInfo } from './cameo.js';
import type { CodedEvent, CoderOptions, Word } from './coder.js';
import { codeWords, mayHoldActor } from './coder.js';
import type { DictionarySet } from './dictionary.js';
import { loadDictionarySet } from './dictionary.js';

export { codeWords } from './coder.js';
export { loadDictionarySet, parseDictionaryDir } from './dictionary.js';

const CONTRACTION = /^(.+)(n[’']t)$/iu;

/** Our tokens as coder words: lower case, curly apostrophes straightened, "won't" → "wo" + "n't". */
export function wordsOf(tokens: readonly Token[], from: number, to: number, pos: (k: number) => string): Word[] {
  const out: Word[] = [];
  for (let k = from; k < to; k++) {
    const t = tokens[k]!;
    if (t.text === '_') continue; // "Dol_Amroth": PETRARCH reads "_" as a space
    const w = t.text.toLowerCase().replace(/’/gu, "'");
    const c = CONTRACTION.exec(w);
    if (c && c[1]!.length > 0) {
      const cut = t.start + c[1]!.length;
      out.push({ w: c[1]!, pos: 'MD', start: t.start, end: cut });
      out.push({ w: "n't", pos: 'RB', start: cut, end: t.end });
      continue;
    }
    out.push({ w, pos: pos(k), start: t.start, end: t.end, cased: w !== t.text });
  }
  return out;
}

export interface SentenceCodingOptions {
  date: string | null;
  set: DictionarySet;
  requireDyad?: boolean;
  trace?: CoderOptions['trace'];
}

/** Code one sentence given as a string (tokenized and tagged here). Used by the evaluation and tests. */
export function codeSentence(text: string, opts: SentenceCodingOptions): { words: Word[]; events: CodedEvent[] } {
  const tokens = tokenize(text);
  const tags = tagSentence(tokens.map((t) => t.text)).pos;
  const words = wordsOf(tokens, 0, tokens.length, (k) => tags[k] ?? '');
  return { words, events: codeWords(words, opts.set, { date: opts.date, requireDyad: opts.requireDyad ?? true, ...(opts.trace ? { trace: opts.trace } : {}) }) };
}

/** Actor codes of the people the entity stage named who are leaders in office on `date` ("Xi" → CHNGOV). */
function leaderCodes(entities: readonly Entity[], date: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of entities) {
    if (e.type !== 'PERSON') continue;
    const leader = resolveLeader(e.name, date);
    if (!leader) continue;
    const role = leader.roles.find((r) => date !== null && (r.from === null || r.from <= date) && (r.to === null || date < r.to)) ?? leader.roles[leader.roles.length - 1];
    if (role) out.set(e.id, [role.code]);
  }
  return out;
}

/** Cheap prefilter: does the sentence hold any verb form of the set? (Tagging is skipped when not.) */
function mayHoldEvent(tokens: readonly Token[], from: number, to: number, set: DictionarySet): boolean {
  for (let k = from; k < to; k++) if (set.verbs[tokens[k]!.text.toLowerCase()] !== undefined) return true;
  return false;
}

/** One event row from a coded event over `words` (offsets into `text`); `inBody`: the words are in article.text. */
function eventRow(e: CodedEvent, words: readonly Word[], text: string, inBody: boolean, mentions: readonly Mention[], longest: number, date: string | null): Event {
  const span = (r: [number, number] | null): Span | null => (r ? { start: words[r[0]]!.start, end: words[r[1] - 1]!.end } : null);
  const src = span(e.sourceWords);
  const tgt = span(e.targetWords);
  const verb = span(e.verbWords)!;
  const entityAt = (sp: Span | null): string | null => {
    if (!sp || !inBody) return null;
    return findOverlapping(mentions, sp, longest)?.entity ?? null;
  };
  const start = Math.min(verb.start, src?.start ?? verb.start, tgt?.start ?? verb.start);
  const end = Math.max(verb.end, src?.end ?? verb.end, tgt?.end ?? verb.end);
  const info = cameoInfo(e.code);
  return {
    sourceCode: e.sourceCode,
    targetCode: e.targetCode,
    source: entityAt(src),
    target: entityAt(tgt),
    code: e.code,
    root: info.root,
    quadClass: info.quadClass,
    goldstein: info.goldstein,
    negated: e.negated,
    modality: e.modality,
    date,
    text: text.slice(start, end),
    ...(inBody ? { start, end } : {}),
  };
}

export function extractEvents(doc: Doc, set: DictionarySet): Event[] {
  const sentences = layer(doc, 'sentences');
  const tokens = layer(doc, 'tokens');
  const syntax = layer(doc, 'syntax');
  const { mentions, entities } = layer(doc, 'entities');
  let longest = 0;
  for (const m of mentions) longest = Math.max(longest, m.end - m.start);
  const timeline = layer(doc, 'timeline');
  const out: Event[] = [];
  const state: { subject: string[] | null } = { subject: null };
  const entityCodes = leaderCodes(entities, doc.referenceDate);
  const roleDateOf = (date: string | null): string | null => doc.referenceDate ?? (date !== null && /^\d{4}-\d{2}-\d{2}$/u.test(date) ? date : null);
  const paragraphs = layer(doc, 'paragraphs');
  for (const s of sentences) {
    // A paragraph's first sentence is read from after its wire dateline: "TALLINN, Estonia — " is no actor.
    const para = paragraphs[s.paragraph];
    const from = firstStartingAt(tokens, para && para.start === s.start ? datelineEnd(doc.text, para) : s.start);
    const to = firstStartingAt(tokens, s.end);
    if (to - from < 3 || !mayHoldEvent(tokens, from, to, set)) continue;
    // Mentions are found by binary search: a long article has thousands of them.
    const hasEntityActor = findOverlapping(mentions, s, longest, (m) => entityCodes.has(m.entity)) !== undefined;
    if (!hasEntityActor && !mayHoldActor(tokens.slice(from, to).map((t) => t.text.toLowerCase()), set, state.subject !== null)) continue;
    const words = wordsOf(tokens, from, to, (k) => syntax.pos(k));
    const dates = timeline.filter((t) => t.start !== undefined && t.start >= s.start && (t.end ?? 0) <= s.end && t.date !== null);
    const extraActors: { i: number; j: number; codes: string[] }[] = [];
    // The mentions that may overlap the sentence, in order: none starts more than `longest` before it.
    for (let mi = firstStartingAt(mentions, s.start - longest); mi < mentions.length && mentions[mi]!.start < s.end; mi++) {
      const m = mentions[mi]!;
      if (m.end <= s.start) continue;
      const codes = entityCodes.get(m.entity);
      if (!codes) continue;
      const i = words.findIndex((w) => w.start >= m.start);
      let j = i;
      while (j < words.length && words[j]!.end <= m.end) j++;
      if (i >= 0 && j > i) extraActors.push({ i, j, codes });
    }
    const sentenceDate = dates[0]?.date ?? doc.referenceDate;
    for (const e of codeWords(words, set, { date: roleDateOf(sentenceDate), extraActors, state })) {
      // The event's date: the date expression of its sentence nearest to its verb, else the reference date.
      const at = words[e.verbWords[0]]!.start;
      let best: (typeof dates)[number] | null = null;
      for (const t of dates) if (!best || Math.abs(t.start! - at) < Math.abs(best.start! - at)) best = t;
      out.push(eventRow(e, words, doc.text, true, mentions, longest, best?.date ?? doc.referenceDate));
    }
  }
  // The photo caption and the dek: events without offsets (outside the body), undated.
  for (const extra of doc.extras) {
    if (extra.kind === 'title') continue;
    for (const s of segmentSentences(extra.text, segmentParagraphs(extra.text))) {
      const toks = tokenize(extra.text, s);
      if (toks.length < 3 || !mayHoldEvent(toks, 0, toks.length, set)) continue;
      const tags = tagSentence(toks.map((t) => t.text)).pos;
      const words = wordsOf(toks, 0, toks.length, (k) => tags[k] ?? '');
      for (const e of codeWords(words, set, { date: roleDateOf(null) })) out.push(eventRow(e, words, extra.text, false, mentions, longest, null));
    }
  }
  return out;
}

export const eventsStage: Stage<'events'> = {
  name: 'events',
  reads: ['paragraphs', 'sentences', 'tokens', 'syntax', 'entities', 'timeline'],
  writes: 'events',
  run: (doc) => extractEvents(doc, loadDictionarySet('phoenix', doc.eventDictionaries ?? null)),
};
