/**
 * Sources: claims reported by someone else ("according to the Wall Street
 * Journal, ...", "..., per the Economist", "a February CNN report", "Reuters
 * reported that ..."), with the claim's span. Attributions to people are
 * quotes (indirect speech), not sources.
 */
import type { Source } from '../../brief/schema.js';
import { CUES, escapeRegExp } from '../../data/lexicon.js';
import type { Span } from '../../text/span.js';
import { spansWithin, trimSpan } from '../../text/span.js';
import type { Doc, Stage } from '../types.js';
import { layer } from '../types.js';

const REPORT_NOUNS = CUES.sourceReportNouns.map(escapeRegExp).join('|');
const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const RE = {
  /** "According to a February CNN report, CLAIM" at the start of a sentence. */
  leading: new RegExp(`^(?:(?:${CUES.sourceBefore.map(escapeRegExp).join('|')})\\s+)((?:(?:a|an|the|its|their)\\s+)?(?:(?:${MONTHS}|recent|new|latest|separate)\\s+)?([^,]{2,80}?)(?:\\s+(?:${REPORT_NOUNS}))?),\\s+`, 'iu'),
  /** "CLAIM, per the Economist." / "CLAIM, according to official data." at the end of a sentence. */
  trailing: new RegExp(`,\\s+((?:${CUES.sourceBefore.map(escapeRegExp).join('|')}))\\s+((?:(?:a|an|the)\\s+)?(?:(?:${MONTHS})\\s+)?([^,]{2,80}?)(?:\\s+(?:${REPORT_NOUNS}))?)[.!?]?["”’]?$`, 'iu'),
  /** "Reuters reported (that) CLAIM" */
  reported: new RegExp(`^(?:the\\s+)?(\\p{Lu}[\\p{L}.&'’-]*(?:\\s+\\p{Lu}[\\p{L}.&'’-]*){0,4})\\s+(?:${CUES.sourceVerbsAfter.map(escapeRegExp).join('|')})\\s+(?:that\\s+)?`, 'u'),
};

export function extractSources(doc: Doc): Source[] {
  const text = doc.text;
  const { entities, mentions } = layer(doc, 'entities');
  const byId = new Map(entities.map((e) => [e.id, e]));
  const entityOf = (span: Span) => {
    const m = spansWithin(mentions, span)[0];
    return m ? byId.get(m.entity) ?? null : null;
  };
  const out: Source[] = [];
  const push = (claim: Span, attribution: Span, nameSpan: Span, cue: string): void => {
    const e = entityOf(nameSpan);
    if (e?.type === 'PERSON') return; // a person's words: an indirect quote, handled by the quotes stage
    const raw = text.slice(nameSpan.start, nameSpan.end).replace(/^(?:the|a|an)\s+/i, '');
    const c = trimSpan(text, claim, '.,;');
    if (c.end - c.start < 8) return;
    out.push({ text: text.slice(c.start, c.end), start: c.start, end: c.end, source: e?.name ?? raw, sourceEntity: e?.id ?? null, cue, attribution });
  };
  for (const s of layer(doc, 'sentences')) {
    const st = text.slice(s.start, s.end);
    const lead = RE.leading.exec(st);
    if (lead) {
      const nameStart = s.start + lead[0].indexOf(lead[1]!);
      push({ start: s.start + lead[0].length, end: s.end }, { start: s.start, end: s.start + lead[0].length - 2 }, { start: nameStart, end: nameStart + lead[1]!.length }, lead[0].split(/\s+/).slice(0, 2).join(' ').toLowerCase().replace(/^per .*/, 'per'));
      continue;
    }
    const trail = RE.trailing.exec(st);
    if (trail) {
      const at = s.start + trail.index;
      const nameStart = at + trail[0].indexOf(trail[2]!, trail[0].indexOf(trail[1]!) + trail[1]!.length);
      push({ start: s.start, end: at }, { start: at + 2, end: s.end }, { start: nameStart, end: nameStart + trail[2]!.length }, trail[1]!.toLowerCase());
      continue;
    }
    const rep = RE.reported.exec(st);
    if (rep) {
      const nameSpan = { start: s.start + rep[0].indexOf(rep[1]!), end: s.start + rep[0].indexOf(rep[1]!) + rep[1]!.length };
      const e = entityOf(nameSpan);
      if (e && e.type === 'ORG') push({ start: s.start + rep[0].length, end: s.end }, { start: s.start, end: s.start + rep[0].length }, nameSpan, 'reported');
    }
  }
  return out;
}

export const sourcesStage: Stage<'sources'> = {
  name: 'sources', reads: ['sentences', 'entities'], writes: 'sources',
  run: extractSources,
};
