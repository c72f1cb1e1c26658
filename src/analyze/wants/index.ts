/**
 * Wants: what each side is after. From cue phrases (wants, seeks, push for,
 * is focused on, a chance to) with the actor as the clause's subject, and
 * from section headings such as "What Russia wants", whose actor stands for
 * cues in that section that have no subject of their own.
 *
 * Workflow:
 *   1. find each sentence's want cues;
 *   2. find the actor: "gives X a chance to", "For X, ...", the subject before
 *      the cue, the speaker for "we"/"I" inside a quote, else the section's actor;
 *   3. the want's text runs from the cue to the end of its clause, stopping
 *      before an attribution (", says X").
 */
import type { Entity, Want } from '../../brief/schema.js';
import { CUES, normalizeKey, phraseRegExp } from '../../data/lexicon.js';
import type { Span } from '../../text/span.js';
import { spansWithin, trimSpan } from '../../text/span.js';
import type { Doc, Mention, Stage } from '../types.js';
import { layer } from '../types.js';

const CUE = phraseRegExp(CUES.wants, 'giu');
const HEADINGS = CUES.wantHeadings.map((p) => new RegExp(p, 'iu'));
/** How far before the cue the subject may stand, in characters. */
const MAX_SUBJECT_DISTANCE = 160;
const ACTOR_TYPES = new Set(['PERSON', 'ORG', 'PLACE']);

const RE = {
  givesChance: /\b(?:gives?|giving|gave|offers?|offered|provides?|provided)\s+$/iu,
  forX: /^(?:For|To)\s+/u,
  clauseEnd: /,\s+(?:says|said|explains|writes|told|according|but|while|although|which|though)\b|[;:]|\s[—–]\s|,?[”"]|[.!?]["”’]?(?=\s|$)/u,
  firstPerson: /(?:^|[\s“"‘])(we|i)\s+(?:\p{Ll}+\s+){0,2}$/iu,
};

export function extractWants(doc: Doc): Want[] {
  const text = doc.text;
  const { entities, mentions } = layer(doc, 'entities');
  const quotes = layer(doc, 'quotes');
  const headings = layer(doc, 'headings');
  const byId = new Map(entities.map((e) => [e.id, e]));
  const isActor = (m: Mention): boolean => ACTOR_TYPES.has(byId.get(m.entity)?.type ?? '');

  // Section actors from headings ("What Russia wants").
  const sections: { span: Span; actor: Entity }[] = [];
  headings.forEach((h, i) => {
    for (const re of HEADINGS) {
      const m = re.exec(h.text);
      if (!m) continue;
      const name = normalizeKey(m[1]!.replace(/^the\s+/i, ''));
      const actor = entities.find((e) => normalizeKey(e.name) === name || e.aliases.some((a) => normalizeKey(a) === name));
      if (actor) sections.push({ span: { start: h.end ?? 0, end: headings[i + 1]?.start ?? text.length }, actor });
      break;
    }
  });

  const headingStarts = new Set(headings.map((h) => h.start));
  const quoteSpans = quotes.map((q) => ({ ...q, start: q.start ?? 0, end: q.end ?? 0 }));
  const out: Want[] = [];
  for (const s of layer(doc, 'sentences')) {
    if (headingStarts.has(s.start)) continue;
    const piece = text.slice(s.start, s.end);
    CUE.lastIndex = 0;
    let lastEnd = -1;
    for (let m = CUE.exec(piece); m; m = CUE.exec(piece)) {
      const cue = { start: s.start + m.index, end: s.start + m.index + m[0].length };
      if (cue.start < lastEnd) continue;
      const before = text.slice(s.start, cue.start);
      const inSentence = spansWithin(mentions, s).filter(isActor);
      let actor: Entity | undefined;
      let reason = 'subject of the cue';
      // "gives Russia a chance to"
      const chance = /^(?:a|an|the)\s/i.test(m[0]) ? inSentence.filter((x) => x.end <= cue.start && RE.givesChance.test(text.slice(s.start, x.start))).at(-1) : undefined;
      if (chance && /^\s*$/.test(text.slice(chance.end, cue.start))) { actor = byId.get(chance.entity); reason = 'given the chance'; }
      // "For China, this meeting is a chance to"
      if (!actor && RE.forX.test(before)) {
        const first = inSentence[0];
        if (first && first.start - s.start < 12 && /^,/.test(text.slice(first.end, first.end + 1))) { actor = byId.get(first.entity); reason = 'for whom'; }
      }
      // "We need to" inside a quote: the speaker.
      const quote = spansWithin(quoteSpans, s).find((q) => q.kind !== 'indirect' && q.fragments.some((f) => f.start <= cue.start && cue.end <= f.end));
      const fp = quote?.speaker ? RE.firstPerson.exec(before.slice(-30)) : null;
      let from = cue.start;
      if (!actor && fp && quote?.speaker) {
        actor = byId.get(quote.speaker);
        reason = 'the speaker, in the first person';
        from = cue.start - before.slice(-30).length + fp.index + fp[0].indexOf(fp[1]!);
      }
      // The subject: the nearest actor before the cue, outside prepositional phrases like "from China".
      if (!actor) {
        const cands = inSentence.filter((x) => x.end <= cue.start && cue.start - x.end <= MAX_SUBJECT_DISTANCE);
        for (let i = cands.length - 1; i >= 0; i--) {
          const c = cands[i]!;
          const prev = text.slice(Math.max(s.start, c.start - 12), c.start);
          if (/\b(?:from|with|to|of|for|by|on|in|against|toward|towards|and|than)\s+(?:the\s+)?$/i.test(prev) && i > 0) continue;
          const between = text.slice(c.end, cue.start);
          if (/[.;]/.test(between)) continue;
          actor = byId.get(c.entity);
          break;
        }
      }
      if (!actor) {
        const section = sections.find((x) => x.span.start <= cue.start && cue.start < x.span.end);
        if (section) { actor = section.actor; reason = 'section heading'; }
      }
      if (!actor) continue;
      // The want runs to the end of its clause.
      const rest = text.slice(cue.end, s.end);
      const stop = RE.clauseEnd.exec(rest);
      const span = trimSpan(text, { start: from, end: stop ? cue.end + stop.index : s.end }, ',');
      if (span.end - cue.end < 3) continue;
      lastEnd = span.end;
      out.push({ text: text.slice(span.start, span.end), start: span.start, end: span.end, actor: actor.id, actorName: actor.name, cue: `${m[0]} (${reason})` });
    }
  }
  return out;
}

export const wantsStage: Stage<'wants'> = {
  name: 'wants', reads: ['sentences', 'headings', 'entities', 'quotes'], writes: 'wants',
  run: extractWants,
};
