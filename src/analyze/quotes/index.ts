/**
 * Quotes: who said what.
 *
 * Workflow:
 *   1. `quotations`: find every stretch between quotation marks, per paragraph
 *      (curly, straight and guillemet marks; an opening mark left open at the
 *      end of a paragraph runs to the paragraph's end);
 *   2. chain quotations that continue one another (a quote left open across
 *      paragraphs; "A," says X. "B." where B follows its attribution);
 *   3. attribute each chain from the words after it, then before it;
 *      unattributed full-sentence quotations inherit the speaker in context;
 *      short unattributed ones are scare quotes or titles, not speech;
 *   4. find indirect speech outside quotation marks ("..., says X",
 *      "X said that ...", "according to X, ...");
 *   5. resolve speaker mentions to entities (names, surnames, pronouns, roles).
 */
import type { Quote, QuoteKind } from '../../brief/schema.js';
import { FIRST_PERSON_PRONOUNS, INDIRECT_SPEECH_VERBS, PERSON_PRONOUNS, PLURAL_PRONOUNS, ROLE_NOUNS, SPEECH_VERBS, TAIL_ONLY_SPEECH_VERBS } from '../../data/lexicon.js';
import type { Token } from '../../text/segment.js';
import type { Span } from '../../text/span.js';
import { findSpanAt, spansWithin, trimSpan } from '../../text/span.js';
import type { Doc, EntityLayer, Mention, Quotation, Stage } from '../types.js';
import { layer } from '../types.js';

/** An unattributed quotation shorter than this is a scare quote or a title, not speech. */
const MIN_SPEECH_WORDS = 6;
/** How far after a quotation (in tokens) its attribution may end ("Dmitry Peskov, a spokesperson for the Kremlin, told"). */
const MAX_TAIL_TOKENS = 18;
/** How far back a pronoun may look for its person, in characters. */
const PRONOUN_WINDOW = 1200;

const OPEN_MARKS = '“«„';
const CLOSE_MARKS = '”»';

/** Step 1. */
export function findQuotations(text: string, paragraphs: readonly Span[]): Quotation[] {
  const out: Quotation[] = [];
  paragraphs.forEach((p, pi) => {
    let openAt = -1;
    let straight = false;
    for (let i = p.start; i < p.end; i++) {
      const ch = text[i]!;
      if (openAt < 0) {
        if (OPEN_MARKS.includes(ch)) { openAt = i; straight = false; }
        else if (ch === '"') { openAt = i; straight = true; }
      } else if ((straight && ch === '"') || (!straight && CLOSE_MARKS.includes(ch))) {
        out.push({ start: openAt, end: i + 1, inner: trimSpan(text, { start: openAt + 1, end: i }, ','), open: false, paragraph: pi });
        openAt = -1;
      }
    }
    if (openAt >= 0) out.push({ start: openAt, end: p.end, inner: trimSpan(text, { start: openAt + 1, end: p.end }), open: true, paragraph: pi });
  });
  return out;
}

export const quotationsStage: Stage<'quotations'> = {
  name: 'quotations', reads: ['paragraphs'], writes: 'quotations',
  run: (doc) => findQuotations(doc.text, layer(doc, 'paragraphs')),
};

interface Attribution {
  cue: Span;
  speaker: Span | null;
  speakerEntity: string | null;
  speakerName: string | null;
  /** The whole attribution clause, so continuation checks can skip over it. */
  clause: Span;
  reason: string;
}

/** Index helpers over the sorted token and mention layers. */
class Index {
  private readonly byId: Map<string, EntityLayer['entities'][number]>;
  constructor(readonly doc: Doc, readonly tokens: readonly Token[], readonly ents: EntityLayer) {
    this.byId = new Map(ents.entities.map((e) => [e.id, e]));
  }
  tokensIn(span: Span): Token[] {
    const { tokens } = this;
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (tokens[mid]!.start < span.start) lo = mid + 1; else hi = mid; }
    const out: Token[] = [];
    for (let i = lo; i < tokens.length && tokens[i]!.end <= span.end; i++) out.push(tokens[i]!);
    return out;
  }
  mentionsIn(span: Span): Mention[] {
    return spansWithin(this.ents.mentions, span);
  }
  entity(id: string) {
    return this.byId.get(id);
  }
}

/** Is the token a speech verb? `before`: it would attribute what follows it, where tail-only verbs do not count. */
function isCueToken(t: Token, indirect: boolean, before = false): boolean {
  const w = t.text.toLowerCase();
  if (before && TAIL_ONLY_SPEECH_VERBS.has(w)) return false;
  return indirect ? INDIRECT_SPEECH_VERBS.has(w) : SPEECH_VERBS.has(w);
}

/** Words that refer to people without naming them: "the spokesperson", "a senior official". */
const ROLE_NP = /(?:^|\s)((?:the|a|an|one|two|three|several|some|many)\s+(?:[\p{Ll}-]+\s+){0,3}([\p{Ll}-]+))\s*$/u;

/**
 * Find the speaker in an attribution clause around a cue token: a name right
 * after the cue ("says Emma Ashford") or the subject before it ("Dmitry
 * Peskov, a spokesperson for the Kremlin, told"), a pronoun, or a role phrase.
 */
function findSpeaker(ix: Index, clause: Span, cue: Token, quoteAt: number): Pick<Attribution, 'speaker' | 'speakerEntity' | 'speakerName'> | null {
  const text = ix.doc.text;
  const mentions = ix.mentionsIn(clause);
  const speakerTypes = (m: Mention): number => {
    const type = ix.entity(m.entity)?.type;
    return type === 'PERSON' ? 0 : type === 'ORG' ? 1 : type === 'PLACE' ? 2 : 3;
  };
  // After the cue: the first mention within three words ("says Ignatov", "said Russian President Vladimir Putin").
  const afterCue = mentions.filter((m) => m.start >= cue.end && m.start - cue.end <= 40 && !/[.,;]/.test(text.slice(cue.end, m.start)));
  if (afterCue.length > 0) {
    const m = [...afterCue].sort((a, b) => speakerTypes(a) - speakerTypes(b) || a.start - b.start)[0]!;
    if (speakerTypes(m) < 3) return fromMention(ix, m);
  }
  // Before the cue: the subject.
  const beforeCue = mentions.filter((m) => m.end <= cue.start);
  if (beforeCue.length > 0) {
    const person = beforeCue.find((m) => speakerTypes(m) === 0);
    const m = person ?? beforeCue.find((x) => speakerTypes(x) < 3);
    if (m) return fromMention(ix, m);
  }
  const around = text.slice(clause.start, cue.start);
  const pron = /(?:^|[\s,])(he|she|they|we|i)\s*$/iu.exec(around) ?? /^\s*(he|she|they)\b/iu.exec(text.slice(cue.end, clause.end));
  if (pron) {
    const word = pron[1]!;
    const offset = pron.index + pron[0].indexOf(word);
    const at = pron.input === around ? clause.start + offset : cue.end + offset;
    return resolvePronoun(ix, { start: at, end: at + word.length }, quoteAt);
  }
  const orgNp = /(?:^|\s)(the\s+(\p{Ll}+))\s*$/u.exec(around);
  if (orgNp) {
    const head = orgNp[2]!;
    const orgs = ix.mentionsIn({ start: Math.max(0, clause.start - PRONOUN_WINDOW), end: clause.start }).filter((m) => ix.entity(m.entity)?.type === 'ORG' && ix.entity(m.entity)!.name.toLowerCase().endsWith(` ${head}`));
    const m = orgs.at(-1);
    if (m) {
      const start = clause.start + orgNp.index + orgNp[0].indexOf(orgNp[1]!);
      return { speaker: { start, end: start + orgNp[1]!.length }, speakerEntity: m.entity, speakerName: ix.entity(m.entity)!.name };
    }
  }
  const np = ROLE_NP.exec(around);
  if (np && ROLE_NOUNS.has(np[2]!.replace(/s$/, '')) ) {
    const start = clause.start + np.index + np[0].indexOf(np[1]!);
    const span = { start, end: start + np[1]!.length };
    const role = np[2]!.replace(/s$/, '');
    const match = ix.ents.entities.filter((e) => e.type === 'PERSON' && e.role && e.role.toLowerCase().split(/\s+/).includes(role));
    return { speaker: span, speakerEntity: match.length === 1 ? match[0]!.id : null, speakerName: match.length === 1 ? match[0]!.name : np[1]! };
  }
  return null;
}

function fromMention(ix: Index, m: Mention): Pick<Attribution, 'speaker' | 'speakerEntity' | 'speakerName'> {
  return { speaker: { start: m.start, end: m.end }, speakerEntity: m.entity, speakerName: ix.entity(m.entity)?.name ?? null };
}

/** A pronoun refers to the nearest person mentioned before it (outside the quotation it attributes). */
function resolvePronoun(ix: Index, span: Span, quoteAt: number): Pick<Attribution, 'speaker' | 'speakerEntity' | 'speakerName'> {
  const word = ix.doc.text.slice(span.start, span.end).toLowerCase();
  const limit = Math.min(span.start, quoteAt);
  const wantPerson = PERSON_PRONOUNS.has(word) || FIRST_PERSON_PRONOUNS.has(word);
  const candidates = ix.mentionsIn({ start: Math.max(0, limit - PRONOUN_WINDOW), end: limit });
  for (let i = candidates.length - 1; i >= 0; i--) {
    const e = ix.entity(candidates[i]!.entity);
    if (!e) continue;
    if (wantPerson ? e.type === 'PERSON' : PLURAL_PRONOUNS.has(word) && e.type === 'ORG') {
      return { speaker: span, speakerEntity: e.id, speakerName: e.name };
    }
  }
  return { speaker: span, speakerEntity: null, speakerName: null };
}

/** The attribution after a quotation: `,” says X.` / `,” X, a ..., told reporters.` */
function attributeAfter(ix: Index, q: Quotation, next: Quotation | undefined): Attribution | null {
  const text = ix.doc.text;
  const inner = text.slice(q.inner.start, q.inner.end);
  // A quotation that ends its own sentence with a full stop is not followed by its attribution.
  if (/[.]$/.test(inner) && !/^\s*[,\p{Ll}]/u.test(text.slice(q.end, q.end + 3))) return null;
  const para = layer(ix.doc, 'paragraphs')[q.paragraph]!;
  const limit = Math.min(next?.start ?? para.end, para.end);
  let end = limit;
  const stop = /[.!?;](?=\s|$)|\n/g;
  stop.lastIndex = q.end;
  for (let m = stop.exec(text); m && m.index < limit; m = stop.exec(text)) {
    if (/\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|St)$/.test(text.slice(Math.max(q.end, m.index - 4), m.index))) continue;
    end = m.index + 1;
    break;
  }
  const clause = { start: q.end, end };
  const toks = ix.tokensIn(clause).slice(0, MAX_TAIL_TOKENS);
  const cue = toks.find((t) => isCueToken(t, false));
  if (!cue) return null;
  const who = findSpeaker(ix, { start: q.end, end }, cue, q.start);
  if (!who) return null;
  return { cue: { start: cue.start, end: cue.end }, ...who, clause, reason: 'attribution after the quotation' };
}

/** The attribution before a quotation: `Xi said: “...”`, `He told reporters, “...”`, `Putin said the talks were “...”`. */
function attributeBefore(ix: Index, q: Quotation, prevEnd: number): (Attribution & { mixed: boolean }) | null {
  const text = ix.doc.text;
  const sentences = layer(ix.doc, 'sentences');
  const sentence = findSpanAt(sentences, q.start);
  const from = Math.max(prevEnd, sentence?.start ?? q.start);
  const lead = { start: from, end: q.start };
  const leadText = text.slice(lead.start, lead.end);
  if (leadText.trim().length === 0) return null;
  const toks = ix.tokensIn(lead);
  let cue: Token | undefined;
  for (let i = toks.length - 1; i >= 0; i--) if (isCueToken(toks[i]!, true, true)) { cue = toks[i]; break; }
  // "hopes to grow" is not speech: a cue followed by an infinitive is a verb of intent.
  if (!cue || /^\s+to\s/.test(text.slice(cue.end, cue.end + 4))) return null;
  if (!cue) return null;
  const who = findSpeaker(ix, lead, cue, q.start);
  if (!who) return null;
  const mixed = !/[:,]\s*$/.test(leadText);
  return { cue: { start: cue.start, end: cue.end }, ...who, clause: lead, reason: mixed ? 'speech verb before a quoted fragment' : 'attribution before the quotation', mixed };
}

function wordCount(s: string): number {
  return s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Is the quotation a full utterance (starts its sentence or paragraph and ends with sentence punctuation or a comma before attribution)? */
function isUtteranceShaped(text: string, q: Quotation, sentenceStarts: Set<number>): boolean {
  const inner = text.slice(q.inner.start, q.inner.end);
  const startsSentence = sentenceStarts.has(q.start) || /(?:^|[:.!?]\s*)$/.test(text.slice(Math.max(0, q.start - 3), q.start).trimEnd()) || /[:]\s*$/.test(text.slice(Math.max(0, q.start - 3), q.start));
  return wordCount(inner) >= MIN_SPEECH_WORDS && startsSentence && (/[.!?…,]$/.test(inner) || q.open);
}

export function extractQuotes(doc: Doc): Quote[] {
  const text = doc.text;
  const ix = new Index(doc, layer(doc, 'tokens'), layer(doc, 'entities'));
  const quotations = layer(doc, 'quotations');
  const paragraphs = layer(doc, 'paragraphs');
  const sentenceStarts = new Set(layer(doc, 'sentences').map((s) => s.start));
  const quotes: Quote[] = [];

  // Steps 2–3: walk quotations in order, chaining continuations.
  interface Chain { parts: Quotation[]; attr: Attribution | null; kind: QuoteKind; attrEnd: number }
  const chains: Chain[] = [];
  let prevEnd = 0;
  for (let i = 0; i < quotations.length; i++) {
    const q = quotations[i]!;
    const next = quotations[i + 1];
    const last = chains.at(-1);
    const lastQ = last?.parts.at(-1);
    // A quotation left open at a paragraph's end continues in the next paragraph's opening quotation.
    const continuesOpen = lastQ !== undefined && lastQ.open && q.paragraph === lastQ.paragraph + 1 && q.start === paragraphs[q.paragraph]!.start;
    // "A," says X. "B." — B follows A's attribution with nothing else between.
    const followsAttribution = last !== undefined && last.attr !== null && lastQ!.paragraph === q.paragraph && /^[\s.,;:]*$/.test(text.slice(last.attrEnd, q.start));
    const after = attributeAfter(ix, q, next);
    const before = after ? null : attributeBefore(ix, q, prevEnd);
    if ((continuesOpen || followsAttribution) && last && !before) {
      last.parts.push(q);
      if (after && !last.attr) { last.attr = after; }
      last.attrEnd = after ? after.clause.end : q.end;
      prevEnd = last.attrEnd;
      continue;
    }
    const attr = after ?? before;
    const kind: QuoteKind = before?.mixed ? 'mixed' : 'direct';
    if (attr) {
      if (before?.mixed && wordCount(text.slice(q.inner.start, q.inner.end)) < 1) continue;
      chains.push({ parts: [q], attr, kind, attrEnd: attr === after ? after.clause.end : q.end });
      prevEnd = attr === after ? after.clause.end : q.end;
      continue;
    }
    if (isUtteranceShaped(text, q, sentenceStarts)) {
      chains.push({ parts: [q], attr: null, kind: 'direct', attrEnd: q.end });
      prevEnd = q.end;
      continue;
    }
    // Otherwise: a scare quote, a title or a term — not speech.
    prevEnd = q.end;
  }

  let lastSpeaker: { entity: string | null; name: string | null; paragraph: number } | null = null;
  for (const c of chains) {
    const first = c.parts[0]!;
    const lastPart = c.parts.at(-1)!;
    let attr = c.attr;
    let reason = attr?.reason ?? '';
    if (!attr && lastSpeaker && first.paragraph - lastSpeaker.paragraph <= 1) {
      // An unattributed full quotation right after someone's quote: the same speaker goes on.
      reason = 'continues the previous speaker';
      attr = { cue: { start: 0, end: 0 }, speaker: null, speakerEntity: lastSpeaker.entity, speakerName: lastSpeaker.name, clause: { start: 0, end: 0 }, reason };
    }
    if (attr && (attr.speakerEntity || attr.speakerName)) lastSpeaker = { entity: attr.speakerEntity, name: attr.speakerName, paragraph: lastPart.paragraph };
    const fragments = c.parts.map((p) => ({ ...p.inner }));
    const hasCue = attr !== null && attr.cue.end > attr.cue.start;
    let span: Span = { start: fragments[0]!.start, end: fragments.at(-1)!.end };
    // Fragments of a split quote are joined with an ellipsis: the attribution between them is left out.
    let quoteText = fragments.map((f) => text.slice(f.start, f.end)).join(' … ');
    if (c.kind === 'mixed' && attr) {
      // Mixed: the reported clause from the cue to the end of the quoted fragment.
      span = trimSpan(text, { start: attr.cue.end, end: Math.max(span.end, lastPart.end) }, ',:');
      quoteText = text.slice(span.start, span.end);
    }
    quotes.push({
      text: quoteText,
      start: span.start,
      end: span.end,
      kind: c.kind,
      speaker: attr?.speakerEntity ?? null,
      speakerName: attr?.speakerName ?? null,
      speakerMention: attr?.speaker ?? null,
      cue: hasCue ? text.slice(attr!.cue.start, attr!.cue.end) : null,
      cueSpan: hasCue ? attr!.cue : null,
      fragments,
      reason: reason || 'full-sentence quotation without attribution',
    });
  }

  // Step 4: indirect speech outside quotation marks.
  const speech = quotes.map((q) => ({ start: Math.min(q.start ?? 0, q.cueSpan?.start ?? q.start ?? 0), end: Math.max(q.end ?? 0, q.cueSpan?.end ?? q.end ?? 0) }));
  speech.sort((a, b) => a.start - b.start);
  const inQuotation = (pos: number): boolean => findSpanAt(quotations, pos) !== undefined || speech.some((s) => s.start <= pos && pos < s.end);
  for (const s of layer(doc, 'sentences')) {
    const toks = ix.tokensIn(s);
    if (toks.some((t) => /^["“”«»]$/u.test(t.text))) continue; // sentences with quotation marks were handled above
    const found = indirectIn(ix, s, toks, inQuotation);
    if (found) quotes.push(found);
  }
  return quotes.sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
}

/** Step 4 for one sentence. */
function indirectIn(ix: Index, s: Span, toks: readonly Token[], inQuotation: (pos: number) => boolean): Quote | null {
  const text = ix.doc.text;
  const sentenceText = text.slice(s.start, s.end);
  // "According to X, CONTENT."
  const acc = /^According to (?:the\s+)?([^,]{2,60}),\s+/u.exec(sentenceText);
  if (acc) {
    const nameSpan = { start: s.start + acc[0].indexOf(acc[1]!), end: s.start + acc[0].indexOf(acc[1]!) + acc[1]!.length };
    const m = ix.mentionsIn(nameSpan).find((x) => ix.entity(x.entity)?.type === 'PERSON');
    if (m) {
      const content = trimSpan(text, { start: s.start + acc[0].length, end: s.end }, '.');
      return makeIndirect(ix, content, { start: s.start, end: s.start + 'According to'.length }, fromMention(ix, m), 'according to a person');
    }
    return null;
  }
  for (let i = 0; i < toks.length; i++) {
    const cue = toks[i]!;
    const thatFollows = /^\s+that\s/.test(text.slice(cue.end, cue.end + 6));
    if (!isCueToken(cue, true, !thatFollows) || inQuotation(cue.start)) continue;
    if (/^\s+to\s/.test(text.slice(cue.end, cue.end + 4))) continue;
    const before = text.slice(s.start, cue.start);
    const after = text.slice(cue.end, s.end);
    // "CONTENT, he said, CONTENT." — a parenthetical attribution: the whole sentence is reported.
    const paren = /,\s+(\S+(?:\s+\S+){0,2})\s+$/u.exec(before);
    if (paren && /^,/.test(after) && i > 3) {
      const who = findSpeaker(ix, { start: s.start + paren.index + 1, end: cue.end }, cue, s.start);
      if (who && who.speaker) {
        return makeIndirect(ix, trimSpan(text, s, '.'), cue, who, 'parenthetical attribution');
      }
    }
    // "CONTENT, says X[, apposition]." or "CONTENT, X explains."
    const tailShort = i >= toks.length - 16;
    if (tailShort && /,\s*$/.test(before) && i > 4) {
      const who = findSpeaker(ix, { start: cue.start, end: s.end }, cue, s.start);
      if (who && who.speaker && who.speaker.start >= cue.end) {
        const content = trimSpan(text, { start: s.start, end: s.start + before.lastIndexOf(',') }, ',');
        return makeIndirect(ix, content, cue, who, 'content before an inverted attribution');
      }
    }
    if (tailShort && /^\s*[.!?]?\s*$/.test(after.replace(/\b(?:in a statement|on \p{Lu}\p{Ll}+|on [\p{L}]+day|this week|last week|in an interview|in the statement)\b/gu, ''))) {
      const comma = before.lastIndexOf(', ');
      if (comma > 0) {
        const who = findSpeaker(ix, { start: s.start + comma + 1, end: cue.end }, cue, s.start);
        if (who && who.speaker && who.speaker.start > s.start + comma) {
          const content = trimSpan(text, { start: s.start, end: s.start + comma }, ',');
          return makeIndirect(ix, content, cue, who, 'content before its attribution');
        }
      }
    }
    // "X said (that) CONTENT." — the subject right before the cue.
    const subj = ix.mentionsIn({ start: Math.max(s.start, cue.start - 100), end: cue.start }).filter((m) => ix.entity(m.entity)?.type !== 'MISC').at(-1);
    const pron = /(?:^|[\s,])(he|she|they)\s+$/iu.exec(before);
    // The subject may be set off by an apposition or relative clause: "Ozola, who faces elections, said".
    const isSubject = (m: Mention | undefined): m is Mention => !!m && (/^[\s,]*$/.test(text.slice(m.end, cue.start)) || /^,[^.;"“”,]{3,80},\s*$/u.test(text.slice(m.end, cue.start)));
    if (isSubject(subj) || pron) {
      let rest = cue.end;
      const obj = /^\s+(?:reporters|journalists|the [\p{L}\s]{1,30}?|\p{Lu}[\p{L}]+(?:\s\p{Lu}[\p{L}]+)*)(?=\s+(?:that|on|in|at|,)\b|\s+\p{Ll})/u.exec(after);
      if (/^(?:told|tells|tell)$/i.test(cue.text) && obj) rest += obj[0].length;
      const restText = text.slice(rest, s.end);
      const thatM = /^\s*(?:,\s*)?(?:that\s+)?/u.exec(restText)!;
      const content = trimSpan(text, { start: rest + thatM[0].length, end: s.end }, '.');
      if (wordCount(text.slice(content.start, content.end)) < 4) continue;
      if (/^\s*(?:to|for|with|about|by|it|so)\b/i.test(restText) && !/^\s*that\b/.test(restText)) continue;
      let who: Pick<Attribution, 'speaker' | 'speakerEntity' | 'speakerName'>;
      if (isSubject(subj)) who = fromMention(ix, subj);
      else {
        const at = s.start + pron!.index + pron![0].indexOf(pron![1]!);
        who = resolvePronoun(ix, { start: at, end: at + pron![1]!.length }, s.start);
      }
      return makeIndirect(ix, content, cue, who, 'speech verb with a reported clause');
    }
  }
  return null;
}

function makeIndirect(ix: Index, content: Span, cue: Span, who: Pick<Attribution, 'speaker' | 'speakerEntity' | 'speakerName'>, reason: string): Quote {
  const text = ix.doc.text;
  return {
    text: text.slice(content.start, content.end),
    start: content.start,
    end: content.end,
    kind: 'indirect',
    speaker: who.speakerEntity,
    speakerName: who.speakerName,
    speakerMention: who.speaker,
    cue: text.slice(cue.start, cue.end),
    cueSpan: { start: cue.start, end: cue.end },
    fragments: [{ ...content }],
    reason,
  };
}

export const quotesStage: Stage<'quotes'> = {
  name: 'quotes', reads: ['paragraphs', 'sentences', 'tokens', 'quotations', 'entities'], writes: 'quotes',
  run: extractQuotes,
};
