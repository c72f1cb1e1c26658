/**
 * The reading order of a rendered brief, shared by the Markdown and HTML
 * renderers so both tell the same story in the same order.
 *
 * A brief becomes a {@link BriefView}: title, dek, gist, then named sections
 * of groups of items. Items are lists of styled text parts, never markup;
 * each renderer escapes the text for its own format. Empty sections are
 * dropped here, once. Page residue (credits, bios, UI labels) is not content
 * and never reaches the view; byline and publisher go to a footer line.
 *
 * @example
 * const view = buildBriefView(brief);
 * for (const section of view.sections) console.log(section.title);
 */
import type { Brief, Entity, Quote, TimelineItem } from './schema.js';
import { cameoInfo } from '../analyze/events/cameo.js';

/** How a part of an item is shown: plain, emphasised name, or a side note. */
export type PartStyle = 'plain' | 'strong' | 'em' | 'muted';

/** A run of text with one style. `text` is raw data, not yet escaped. */
export interface Part {
  text: string;
  style: PartStyle;
}

/** One list item. `start`/`end` are set when its evidence has offsets into article.text. */
export interface ViewItem {
  parts: Part[];
  start?: number;
  end?: number;
}

/** Items under an optional heading (a speaker, an actor). */
export interface ViewGroup {
  heading: Part[] | null;
  items: ViewItem[];
}

/** Section ids, stable for CSS classes and tests. */
export type SectionId = 'who' | 'wants' | 'quotes' | 'figures' | 'sources' | 'timeline' | 'outlook' | 'events';

export interface ViewSection {
  id: SectionId;
  title: string;
  groups: ViewGroup[];
}

export interface BriefView {
  title: string;
  dek: string | null;
  gist: string | null;
  sections: ViewSection[];
  /** "Byline: ..., Publisher: ..." or null when neither is known. */
  footer: string | null;
}

/** Shown when the article has no title. */
export const DEFAULT_TITLE = 'News brief';
/** Group heading for items whose speaker or actor is unknown. */
export const UNATTRIBUTED = 'Unattributed';

const SECTION_TITLES: Record<SectionId, string> = {
  who: "Who's involved",
  wants: 'What each side wants',
  quotes: 'What they said',
  figures: 'Key numbers',
  sources: 'Reported by',
  timeline: 'Timeline',
  outlook: 'What to watch',
  events: 'Events',
};

const RE = {
  whitespace: /\s+/g,
  /** Quote marks that may already wrap a direct quote's evidence. */
  openQuote: /^["'“‘«„]+/,
  closeQuote: /["'”’»“]+$/,
};

/** Collapse runs of whitespace (newlines included) so every text fits on one line. */
export function squashSpace(text: string): string {
  return text.replace(RE.whitespace, ' ').trim();
}

function part(text: string, style: PartStyle = 'plain'): Part {
  return { text, style };
}

function hasText(s: string | null | undefined): s is string {
  return typeof s === 'string' && squashSpace(s) !== '';
}

function withSpan(parts: Part[], ev: { start?: number; end?: number }): ViewItem {
  const item: ViewItem = { parts };
  if (typeof ev.start === 'number' && typeof ev.end === 'number') {
    item.start = ev.start;
    item.end = ev.end;
  }
  return item;
}

/** "role, affiliation" of an entity, leaving out unknown parts. */
function describeEntity(e: Entity | undefined): string {
  if (e === undefined) return '';
  return [e.role, e.affiliation].filter(hasText).map(squashSpace).join(', ');
}

/** A heading naming a person or group, with role and affiliation when known. */
function nameHeading(name: string, entity: Entity | undefined): Part[] {
  const detail = describeEntity(entity);
  return detail === '' ? [part(name, 'strong')] : [part(name, 'strong'), part(` (${detail})`, 'muted')];
}

/** Group items by a key, keeping groups in order of first appearance. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [item]);
    else list.push(item);
  }
  return groups;
}

function buildWho(brief: Brief): ViewGroup[] {
  const items: ViewItem[] = [];
  for (const e of brief.entities) {
    if (e.type !== 'PERSON' || !hasText(e.name)) continue;
    const parts = [part(squashSpace(e.name), 'strong')];
    const detail = describeEntity(e);
    if (detail !== '') parts.push(part(`, ${detail}`));
    if (hasText(e.country)) parts.push(part(` (${squashSpace(e.country)})`, 'muted'));
    items.push({ parts });
  }
  const names = (type: Entity['type']): string[] => [
    ...new Set(brief.entities.filter((e) => e.type === type && hasText(e.name)).map((e) => squashSpace(e.name))),
  ];
  const orgs = names('ORG');
  if (orgs.length > 0) items.push({ parts: [part('Organisations: ', 'em'), part(orgs.join(', '))] });
  const places = names('PLACE');
  if (places.length > 0) items.push({ parts: [part('Places: ', 'em'), part(places.join(', '))] });
  return items.length === 0 ? [] : [{ heading: null, items }];
}

function buildWants(brief: Brief, byId: Map<string, Entity>): ViewGroup[] {
  const wants = brief.wants.filter((w) => hasText(w.text));
  const groups = groupBy(wants, (w) => (hasText(w.actorName) ? squashSpace(w.actorName) : UNATTRIBUTED));
  return [...groups].map(([name, list]) => ({
    heading: nameHeading(name, entityOf(list[0]?.actor ?? null, byId)),
    items: list.map((w) => withSpan([part(squashSpace(w.text))], w)),
  }));
}

function entityOf(id: string | null, byId: Map<string, Entity>): Entity | undefined {
  return id === null ? undefined : byId.get(id);
}

/** A direct quote in quotation marks; an indirect one as paraphrase; a mixed one as written. */
function quoteParts(q: Quote): Part[] {
  const text = squashSpace(q.text);
  if (q.kind === 'direct') {
    const bare = text.replace(RE.openQuote, '').replace(RE.closeQuote, '');
    return [part(`“${bare}”`)];
  }
  if (q.kind === 'indirect') return [part(text), part(' (paraphrase)', 'muted')];
  return [part(text)];
}

function buildQuotes(brief: Brief, byId: Map<string, Entity>): ViewGroup[] {
  // Intentions and stances ("Austria wants …", "X criticized …") are shown under wants and people, not as what was said;
  // a paraphrase with a cue but no source ("is expected to", "seemed to") is the writer's own hedge, not anyone's words.
  const quotes = brief.quotes.filter((q) => hasText(q.text) && (q.kind !== 'indirect' || q.cueType === null || ((q.cueType === 'speech' || q.cueType === 'cognition' || q.cueType === 'evidence') && (q.speakerMention !== null || q.speaker !== null))));
  const groups = groupBy(quotes, (q) => {
    if (hasText(q.speakerName)) return squashSpace(q.speakerName);
    const e = entityOf(q.speaker, byId);
    return e !== undefined && hasText(e.name) ? squashSpace(e.name) : UNATTRIBUTED;
  });
  return [...groups].map(([name, list]) => {
    const withSpeaker = list.find((q) => q.speaker !== null);
    return {
      heading: nameHeading(name, entityOf(withSpeaker?.speaker ?? null, byId)),
      items: list.map((q) => withSpan(quoteParts(q), q)),
    };
  });
}

function buildFigures(brief: Brief): ViewGroup[] {
  const items = brief.figures
    .filter((f) => hasText(f.text))
    .map((f) => {
      const parts = [part(squashSpace(f.text), 'strong')];
      if (hasText(f.about)) parts.push(part(` — ${squashSpace(f.about)}`));
      const notes = [hasText(f.source) ? `source: ${squashSpace(f.source)}` : '', hasText(f.date) ? `date: ${f.date}` : ''];
      const note = notes.filter((n) => n !== '').join('; ');
      if (note !== '') parts.push(part(` (${note})`, 'muted'));
      return withSpan(parts, f);
    });
  return items.length === 0 ? [] : [{ heading: null, items }];
}

function buildSources(brief: Brief): ViewGroup[] {
  const items = brief.sources
    .filter((s) => hasText(s.text) || hasText(s.source))
    .map((s) => {
      const parts = [part(hasText(s.source) ? squashSpace(s.source) : UNATTRIBUTED, 'strong')];
      if (hasText(s.cue)) parts.push(part(` (${squashSpace(s.cue)})`, 'muted'));
      if (hasText(s.text)) parts.push(part(`: ${squashSpace(s.text)}`));
      return withSpan(parts, s);
    });
  return items.length === 0 ? [] : [{ heading: null, items }];
}

/** Timeline order: resolved dates ascending (ISO strings sort as dates), unresolved last, stable. */
export function sortTimeline(items: readonly TimelineItem[]): TimelineItem[] {
  const resolved = items.filter((t) => t.date !== null);
  const unresolved = items.filter((t) => t.date === null);
  resolved.sort((a, b) => ((a.date ?? '') < (b.date ?? '') ? -1 : (a.date ?? '') > (b.date ?? '') ? 1 : 0));
  return [...resolved, ...unresolved];
}

function buildTimeline(brief: Brief): ViewGroup[] {
  const items = sortTimeline(brief.timeline.filter((t) => hasText(t.text))).map((t) => {
    const text = squashSpace(t.text);
    if (t.date === null) {
      return withSpan([part(text), part(` (date unresolved: ${squashSpace(t.dateText)})`, 'muted')], t);
    }
    return withSpan([part(t.date, 'strong'), part(`: ${text}`)], t);
  });
  return items.length === 0 ? [] : [{ heading: null, items }];
}

function buildOutlook(brief: Brief): ViewGroup[] {
  const items = brief.outlook.filter((o) => hasText(o.text)).map((o) => withSpan([part(squashSpace(o.text))], o));
  return items.length === 0 ? [] : [{ heading: null, items }];
}

/** "CHN → RUS: 042 Make a visit (not done; expected) — text [date]". */
function buildEvents(brief: Brief): ViewGroup[] {
  const items = (brief.events ?? []).filter((e) => hasText(e.text)).map((e) => {
    const name = cameoInfo(e.code).name;
    const notes = [e.negated ? 'negated' : null, e.modality !== 'asserted' ? e.modality : null, e.date].filter(hasText);
    return withSpan([
      part(`${e.sourceCode} → ${e.targetCode}`, 'strong'),
      part(`: ${e.code}${name ? ` ${name}` : ''} — ${squashSpace(e.text)}`),
      ...(notes.length > 0 ? [part(` (${notes.join(', ')})`, 'muted')] : []),
    ], e);
  });
  return items.length === 0 ? [] : [{ heading: null, items }];
}

function buildFooter(brief: Brief): string | null {
  const byline = brief.article.byline.filter(hasText).map(squashSpace);
  const bits: string[] = [];
  if (byline.length > 0) bits.push(`Byline: ${byline.join(', ')}`);
  if (hasText(brief.article.publisher)) bits.push(`Publisher: ${squashSpace(brief.article.publisher)}`);
  return bits.length === 0 ? null : bits.join(', ');
}

/**
 * Arrange a brief for reading: the explainer's sections in order, empty ones left out.
 *
 * @example
 * buildBriefView(brief).sections.map((s) => s.id); // ['who', 'quotes', 'timeline']
 */
export function buildBriefView(brief: Brief): BriefView {
  const byId = new Map(brief.entities.map((e) => [e.id, e] as const));
  const sections: ViewSection[] = [];
  const add = (id: SectionId, groups: ViewGroup[]): void => {
    if (groups.some((g) => g.items.length > 0)) sections.push({ id, title: SECTION_TITLES[id], groups });
  };
  add('who', buildWho(brief));
  add('wants', buildWants(brief, byId));
  add('quotes', buildQuotes(brief, byId));
  add('figures', buildFigures(brief));
  add('sources', buildSources(brief));
  add('timeline', buildTimeline(brief));
  add('outlook', buildOutlook(brief));
  add('events', buildEvents(brief));
  const title = brief.article.title;
  const dek = hasText(brief.article.dek) ? squashSpace(brief.article.dek) : null;
  const gist = hasText(brief.summary) ? squashSpace(brief.summary) : null;
  return {
    title: hasText(title) ? squashSpace(title) : DEFAULT_TITLE,
    dek,
    // A summary that only repeats the dek is said once.
    gist: gist === dek ? null : gist,
    sections,
    footer: buildFooter(brief),
  };
}
