/**
 * A brief turned into the rows both engines store (engine-neutral), and back.
 *
 * The brief JSON is stored without `article.text` (the text has its own column, indexed for search);
 * {@link briefFromRow} puts it back. Entities are shared across articles by (type, normalised name);
 * each article keeps its own roles, affiliations and mentions.
 */
import { createHash } from 'node:crypto';
import type { Brief } from '../brief/schema.js';
import { bandKeys, contentHash, minhashSignature } from './dedup.js';
import type { EventRow, NewArticle } from './types.js';

export interface EntityRowIn {
  localId: string;
  name: string;
  norm: string;
  type: string;
  role: string | null;
  affiliation: string | null;
  country: string | null;
  mentions: { start: number; end: number; text: string }[];
}

export interface PreparedArticle {
  id: string;
  key: string;
  source: string | null;
  url: string | null;
  title: string | null;
  publishedAt: string | null;
  /** YYYY-MM-DD prefix of publishedAt when it has one (for date filters). */
  day: string | null;
  text: string;
  briefJson: string;
  hash: string;
  signature: Uint32Array;
  bands: number[];
  entities: EntityRowIn[];
  quotes: { idx: number; speakerLocal: string | null; speakerName: string | null; text: string; kind: string; start: number | null; end: number | null; cue: string | null }[];
  figures: { idx: number; text: string; value: number; unit: string; about: string | null; source: string | null; date: string | null; start: number | null; end: number | null }[];
  wants: { idx: number; actorLocal: string | null; actorName: string | null; cue: string; text: string; start: number | null; end: number | null }[];
  timeline: { idx: number; date: string | null; dateText: string; text: string; relative: boolean; start: number | null; end: number | null }[];
  events: PreparedEvent[];
}

/** An event row as stored: the row the store gives back, less what comes from its article, plus its index and country prefixes. */
export type PreparedEvent = Omit<EventRow, 'articleId' | 'outlet' | 'url'> & {
  idx: number;
  /** First three letters of the actor codes (the country or organisation), '---' when unknown. */
  sourceCountry: string;
  targetCountry: string;
};

/** The country or organisation part of a CAMEO actor code ("CHNGOV" → "CHN"); '---' stays unknown. */
export function actorPrefix(code: string): string {
  return code.length >= 3 ? code.slice(0, 3).toUpperCase() : '---';
}

/** The article id for an ingest key: 16 hex digits of its SHA-256 (stable across runs and engines). */
export function articleIdForKey(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** Normalised entity name: case-folded, single spaces, curly apostrophes straightened. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
}

function dayOf(date: string | null): string | null {
  if (date === null) return null;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(date);
  return m ? (m[1] as string) : null;
}

export function prepareArticle(a: NewArticle, options: { nearDuplicates?: boolean } = {}): PreparedArticle {
  const b = a.brief;
  const text = b.article.text;
  const { text: _omit, ...articleWithoutText } = b.article;
  const briefJson = JSON.stringify({ ...b, article: articleWithoutText });
  const signature = options.nearDuplicates === false ? new Uint32Array(0) : minhashSignature(text);
  const slice = (s: number | undefined, e: number | undefined): string => (s === undefined || e === undefined ? '' : text.slice(s, e));
  return {
    id: articleIdForKey(a.key),
    key: a.key,
    source: a.source,
    url: a.url,
    title: a.title,
    publishedAt: a.publishedAt,
    day: dayOf(a.publishedAt),
    text,
    briefJson,
    hash: contentHash(text),
    signature,
    bands: options.nearDuplicates === false ? [] : bandKeys(signature),
    entities: b.entities.map((e) => ({
      localId: e.id,
      name: e.name,
      norm: normalizeName(e.name),
      type: e.type,
      role: e.role,
      affiliation: e.affiliation,
      country: e.country,
      mentions: e.mentions.map((m) => ({ start: m.start, end: m.end, text: slice(m.start, m.end) })),
    })),
    quotes: b.quotes.map((q, idx) => ({
      idx, speakerLocal: q.speaker, speakerName: q.speakerName, text: q.text, kind: q.kind, start: q.start ?? null, end: q.end ?? null, cue: q.cue,
    })),
    figures: b.figures.map((f, idx) => ({
      idx, text: f.text, value: f.value, unit: f.unit, about: f.about, source: f.source, date: f.date, start: f.start ?? null, end: f.end ?? null,
    })),
    wants: b.wants.map((w, idx) => ({ idx, actorLocal: w.actor, actorName: w.actorName, cue: w.cue, text: w.text, start: w.start ?? null, end: w.end ?? null })),
    timeline: b.timeline.map((t, idx) => ({
      idx, date: t.date, dateText: t.dateText, text: t.text, relative: t.relative, start: t.start ?? null, end: t.end ?? null,
    })),
    events: (b.events ?? []).map((ev, idx) => {
      const nameOf = (id: string | null): string | null => (id === null ? null : (b.entities.find((e) => e.id === id)?.name ?? null));
      return {
        idx, sourceCode: ev.sourceCode, targetCode: ev.targetCode, sourceCountry: actorPrefix(ev.sourceCode), targetCountry: actorPrefix(ev.targetCode),
        sourceName: nameOf(ev.source), targetName: nameOf(ev.target), code: ev.code, root: ev.root, quadClass: ev.quadClass, goldstein: ev.goldstein,
        negated: ev.negated, modality: ev.modality, date: ev.date ?? dayOf(a.publishedAt), text: ev.text, start: ev.start ?? null, end: ev.end ?? null,
      };
    }),
  };
}

/** Rebuild the brief from its stored JSON and the text column. */
export function briefFromRow(briefJson: string, text: string): Brief {
  const stored = JSON.parse(briefJson) as Omit<Brief, 'article'> & { article: Omit<Brief['article'], 'text'> };
  const { bodyStart, ...rest } = stored.article;
  // article.text goes back in (key order differs from a fresh brief; the values are equal).
  return { ...stored, article: { ...rest, text, bodyStart } } as Brief;
}
