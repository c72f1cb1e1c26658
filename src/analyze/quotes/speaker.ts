/**
 * Speaker resolution: from the words that name a source to the entity they
 * refer to. A name or surname is its entity; a pronoun refers to the nearest
 * person (or, for "they"/"it", organisation) mentioned before it; a role
 * ("the spokesperson") to the one person given that role; an organisation
 * noun ("the ministry") to the organisation it heads.
 */
import { FIRST_PERSON_PRONOUNS, PERSON_PRONOUNS, PLURAL_PRONOUNS, ROLE_NOUNS } from '../../data/lexicon.js';
import type { Span } from '../../text/span.js';
import { collapseWhitespace, spansWithin } from '../../text/span.js';
import type { Doc, EntityLayer, Mention } from '../types.js';
import type { Frame } from './frames.js';

/** How far back a pronoun may look for its referent, in characters. */
const PRONOUN_WINDOW = 1200;

export interface Speaker {
  entity: string | null;
  name: string | null;
  mention: Span | null;
}

/** Between a description and a name in apposition: a comma, then at most three capitalised words of a title. */
const APPOSED_NAME_GAP = /^\s*,\s*(?:\p{Lu}[\p{L}.'’-]*\s+){0,3}$/u;
/**
 * After the name: the apposition closes ("…, Peter Cook, told …", "said a spokeswoman, Ana White.").
 * A name that goes on into a clause ("According to the results, Clinton leads …") or a list of
 * several people ("Two analysts, Ann Lee and …") is no apposition of one person.
 */
const APPOSED_NAME_END = /^\s*(?:[,.;:—–]|$)/u;

const TYPE_RANK: Record<string, number> = { PERSON: 0, ORG: 1, PLACE: 2, MISC: 3 };

export class SpeakerResolver {
  private readonly byId: Map<string, EntityLayer['entities'][number]>;
  constructor(readonly doc: Doc, readonly ents: EntityLayer) {
    this.byId = new Map(ents.entities.map((e) => [e.id, e]));
  }

  private mentionsOverlapping(span: Span): Mention[] {
    // Mentions are sorted by start; widen the window so a mention starting before the span is seen.
    return spansWithin(this.ents.mentions, { start: Math.max(0, span.start - 80), end: span.end + 80 })
      .filter((m) => m.start < span.end && span.start < m.end);
  }

  resolve(source: Span | null, how: Frame['sourceHow'], contentStart: number, antecedent?: Span): Speaker {
    if (!source) return { entity: null, name: null, mention: null };
    if (antecedent) {
      // "Trump, who said …": the relative pronoun is the mention, the phrase before it says who.
      const who = this.resolve(antecedent, 'subject', contentStart);
      return { ...who, mention: source };
    }
    const text = this.doc.text;
    const words = collapseWhitespace(text.slice(source.start, source.end));
    const lower = words.toLowerCase();
    if (how === 'pronoun' || PERSON_PRONOUNS.has(lower) || PLURAL_PRONOUNS.has(lower) || FIRST_PERSON_PRONOUNS.has(lower) || lower === 'it') {
      return this.resolvePronoun(source, lower, contentStart);
    }
    const named = this.mentionsOverlapping(source)
      .filter((m) => (TYPE_RANK[this.byId.get(m.entity)?.type ?? 'MISC'] ?? 3) < 3)
      .sort((a, b) => (TYPE_RANK[this.byId.get(a.entity)!.type]! - TYPE_RANK[this.byId.get(b.entity)!.type]!) || b.end - a.end);
    // "The bill's author, Assemblywoman Priya Natarajan, said …": a description with the person's name in
    // apposition (a title may come first) is that person, though it names a place or an organisation
    // ("Hungary's prime minister, Viktor Orban,"); a person named inside the words themselves comes first.
    const apposed = spansWithin(this.ents.mentions, { start: source.end, end: source.end + 80 }).find(
      (m) => this.byId.get(m.entity)?.type === 'PERSON' && APPOSED_NAME_GAP.test(text.slice(source.end, m.start)) && APPOSED_NAME_END.test(text.slice(m.end, m.end + 8)),
    );
    if (named.length > 0 && (!apposed || this.byId.get(named[0]!.entity)!.type === 'PERSON')) {
      const e = this.byId.get(named[0]!.entity)!;
      return { entity: e.id, name: e.name, mention: source };
    }
    if (apposed) {
      const e = this.byId.get(apposed.entity)!;
      return { entity: e.id, name: e.name, mention: source };
    }
    // "the ministry", "the council": the organisation named earlier with that head noun.
    const head = /(\p{Ll}+)$/u.exec(lower)?.[1];
    if (head && /^the\s/.test(lower)) {
      const orgs = spansWithin(this.ents.mentions, { start: Math.max(0, source.start - PRONOUN_WINDOW), end: source.start })
        .filter((m) => this.byId.get(m.entity)?.type === 'ORG' && this.byId.get(m.entity)!.name.toLowerCase().endsWith(` ${head}`));
      const m = orgs.at(-1);
      if (m) return { entity: m.entity, name: this.byId.get(m.entity)!.name, mention: source };
    }
    // "the spokesperson", "a senior official": the one person given that role, if exactly one.
    if (head && ROLE_NOUNS.has(head.replace(/s$/, ''))) {
      const role = head.replace(/s$/, '');
      const match = this.ents.entities.filter((e) => e.type === 'PERSON' && e.role && e.role.toLowerCase().split(/\s+/).includes(role));
      if (match.length === 1) return { entity: match[0]!.id, name: match[0]!.name, mention: source };
    }
    return { entity: null, name: words, mention: source };
  }

  /** A pronoun refers to the nearest fitting entity mentioned before it (outside the content it attributes). */
  private resolvePronoun(span: Span, word: string, contentStart: number): Speaker {
    const limit = Math.min(span.start, contentStart);
    const wantPerson = PERSON_PRONOUNS.has(word) || FIRST_PERSON_PRONOUNS.has(word);
    const wantOrg = word === 'it' || PLURAL_PRONOUNS.has(word) || word === 'we';
    const candidates = spansWithin(this.ents.mentions, { start: Math.max(0, limit - PRONOUN_WINDOW), end: limit });
    for (let i = candidates.length - 1; i >= 0; i--) {
      const e = this.byId.get(candidates[i]!.entity);
      if (!e) continue;
      if ((wantPerson && e.type === 'PERSON') || (wantOrg && !wantPerson && e.type === 'ORG')) {
        return { entity: e.id, name: e.name, mention: span };
      }
    }
    return { entity: null, name: null, mention: span };
  }
}
