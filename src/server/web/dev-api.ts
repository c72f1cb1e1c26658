/**
 * An in-memory implementation of the JSON API (notes: api-contract.md) over a few bundled
 * articles, for developing and testing the web UI without the corpus store.
 *
 * It is a stand-in: `briefly serve` from the store branch answers the same endpoints from SQLite or
 * PostgreSQL, and the web UI only relies on the contract. Here every article is explained once when
 * the corpus is loaded, kept in memory, and each request scans the whole list (fine for tens of
 * articles, not for a real corpus).
 *
 * @example
 * const corpus = new MemoryCorpus(loadCorpusDir('test/web/corpus'));
 * const app = new Hono();
 * mountDevApi(app, corpus);
 */
import type { ArticleQuery } from '../../store/types.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Brief, Entity, Quote } from '../../brief/schema.js';
import { BrieflyError, isBrieflyError, type ErrorCode } from '../../errors.js';
import { checkReferenceDate, explain, explainHtml } from '../../explain.js';
import { decodeHtml, looksLikeHtml } from '../../extract/html/decode.js';
import { fetchPage } from '../../fetch/fetch-page.js';
import type {
  ArticleList, ArticleListItem, EntityDetail, EvidenceRow, GraphData, GraphEdge, GraphNode, PeopleList, PersonRow, QuoteList, QuoteRow,
} from './api-types.js';

/** One stored article: its id and brief. */
export interface StoredArticle {
  id: string;
  brief: Brief;
}

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Explain an article file for the corpus: HTML (`.html`, `.htm`) through main-content extraction,
 * anything else as text. An HTML page that states its publication date is explained again with that
 * date as reference, so "Friday" and "next month" resolve.
 */
export function explainFile(file: string): Brief {
  const raw = readFileSync(file, 'utf8');
  if (/\.html?$/i.test(file)) {
    const first = explainHtml(raw);
    const date = first.article.publishedAt?.slice(0, 10) ?? null;
    return date !== null && /^\d{4}-\d{2}-\d{2}$/.test(date) ? explainHtml(raw, { referenceDate: date }) : first;
  }
  return explain(raw);
}

/** Explain every `.html`, `.htm` and `.txt` file of a folder; the id is the file name without extension. */
export function loadCorpusDir(dir: string): StoredArticle[] {
  const files = readdirSync(dir).filter((f) => /\.(html?|txt)$/i.test(f)).sort();
  return files.map((f) => ({ id: f.replace(/\.[^.]+$/, ''), brief: explainFile(path.join(dir, f)) }));
}

/** Search parameters of GET /api/articles: the store's own type. */
export type { ArticleQuery } from '../../store/types.js';

function norm(s: string): string {
  return s.replace(/\s+/g, ' ').trim().toLowerCase();
}

function dateOf(brief: Brief): string | null {
  const d = brief.article.publishedAt;
  return d === null ? null : d.slice(0, 10);
}

/** Attributions shown as what someone said (the same rule as the Markdown/HTML renderers). */
function isSaid(q: Quote): boolean {
  if (q.kind !== 'indirect' || q.cueType === null) return true;
  return (q.cueType === 'speech' || q.cueType === 'cognition' || q.cueType === 'evidence') && (q.speakerMention !== null || q.speaker !== null);
}

function inRange(date: string | null, from?: string, to?: string): boolean {
  if (from === undefined && to === undefined) return true;
  if (date === null) return false;
  if (from !== undefined && date < from) return false;
  if (to !== undefined && date > to) return false;
  return true;
}

function page<T>(items: T[], limit = 20, offset = 0): { total: number; items: T[] } {
  const l = Math.max(0, Math.min(200, limit));
  const o = Math.max(0, offset);
  return { total: items.length, items: items.slice(o, o + l) };
}

/** The corpus held in memory, answering the contract's queries. */
export class MemoryCorpus {
  private readonly articles: StoredArticle[];

  constructor(articles: StoredArticle[]) {
    this.articles = [...articles].sort((a, b) => (dateOf(b.brief) ?? '').localeCompare(dateOf(a.brief) ?? '') || a.id.localeCompare(b.id));
  }

  add(article: StoredArticle): void {
    this.articles.push(article);
  }

  getArticle(id: string): StoredArticle | null {
    return this.articles.find((a) => a.id === id) ?? null;
  }

  searchArticles(query: ArticleQuery): ArticleList {
    const terms = norm(query.q ?? '').split(' ').filter((t) => t !== '');
    const outlet = query.outlet !== undefined && query.outlet.trim() !== '' ? norm(query.outlet) : null;
    const entity = query.entity !== undefined && query.entity.trim() !== '' ? norm(query.entity) : null;
    const hits: ArticleListItem[] = [];
    for (const { id, brief } of this.articles) {
      const a = brief.article;
      if (!inRange(dateOf(brief), query.from, query.to)) continue;
      if (outlet !== null && norm(a.publisher ?? '') !== outlet) continue;
      if (entity !== null && !brief.entities.some((e) => norm(e.name) === entity || e.aliases.some((x) => norm(x) === entity))) continue;
      const hay = `${a.title ?? ''}\n${a.dek ?? ''}\n${a.text}`.toLowerCase();
      if (!terms.every((t) => hay.includes(t))) continue;
      const item: ArticleListItem = { id, title: a.title, source: a.publisher, publishedAt: a.publishedAt, url: a.url ?? null };
      const snippet = snippetOf(a.text, terms);
      if (snippet !== null) item.snippet = snippet;
      hits.push(item);
    }
    return page(hits, query.limit, query.offset);
  }

  listPeople(limit?: number, offset?: number): PeopleList {
    const people = new Map<string, PersonRow>();
    // Oldest first, so each person's roles are listed in the order they held them.
    for (const { brief } of [...this.articles].reverse()) {
      const seen = new Set<string>();
      for (const e of brief.entities) {
        if (e.type !== 'PERSON') continue;
        const row = people.get(e.name) ?? { name: e.name, articles: 0, quotes: 0, roles: [] };
        if (!seen.has(e.name)) row.articles += 1;
        seen.add(e.name);
        if (e.role !== null && !row.roles.includes(e.role)) row.roles.push(e.role);
        people.set(e.name, row);
      }
      for (const q of brief.quotes) {
        const row = q.speakerName === null ? undefined : people.get(q.speakerName);
        if (row !== undefined && isSaid(q)) row.quotes += 1;
      }
    }
    const rows = [...people.values()].sort((a, b) => b.articles - a.articles || b.quotes - a.quotes || a.name.localeCompare(b.name));
    return page(rows, limit ?? 50, offset);
  }

  private quoteRow(id: string, brief: Brief, q: Quote, byId: Map<string, Entity>): QuoteRow {
    const e = q.speaker === null ? undefined : byId.get(q.speaker);
    return {
      articleId: id, date: dateOf(brief), outlet: brief.article.publisher, title: brief.article.title,
      speakerName: q.speakerName, role: e?.role ?? null, affiliation: e?.affiliation ?? null,
      text: q.text, kind: q.kind, start: q.start ?? null, end: q.end ?? null,
    };
  }

  getEntity(name: string): EntityDetail | null {
    const key = norm(name);
    let found: EntityDetail | null = null;
    for (const { id, brief } of this.articles) {
      const entity = brief.entities.find((e) => norm(e.name) === key);
      if (entity === undefined) continue;
      const byId = new Map(brief.entities.map((e) => [e.id, e] as const));
      found ??= { name: entity.name, type: entity.type, articles: 0, roles: [], mentions: [], quotes: [], figures: [], wants: [] };
      found.articles += 1;
      const base = { articleId: id, date: dateOf(brief), outlet: brief.article.publisher, title: brief.article.title };
      if (entity.role !== null || entity.affiliation !== null) {
        found.roles.push({ role: entity.role, affiliation: entity.affiliation, date: dateOf(brief), articleId: id });
      }
      for (const m of entity.mentions) found.mentions.push({ articleId: id, start: m.start, end: m.end, text: brief.article.text.slice(m.start, m.end) });
      for (const q of brief.quotes) {
        if (isSaid(q) && (q.speaker === entity.id || (q.speakerName !== null && norm(q.speakerName) === key))) found.quotes.push(this.quoteRow(id, brief, q, byId));
      }
      for (const w of brief.wants) {
        if (w.actor === entity.id || (w.actorName !== null && norm(w.actorName) === key)) {
          const row: EvidenceRow = { ...base, text: w.text, start: w.start ?? null, end: w.end ?? null, actorName: w.actorName, cue: w.cue };
          found.wants.push(row);
        }
      }
      for (const f of brief.figures) {
        const about = `${f.about ?? ''} ${f.source ?? ''}`.toLowerCase();
        if (about.includes(key) || (f.start !== undefined && entity.mentions.some((m) => Math.abs(m.start - (f.start ?? 0)) < 200 && sameSentence(brief.article.text, m.start, f.start ?? 0)))) {
          found.figures.push({ ...base, text: f.text, start: f.start ?? null, end: f.end ?? null, value: f.value, unit: f.unit, about: f.about, source: f.source });
        }
      }
    }
    if (found !== null) found.roles.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
    return found;
  }

  quotesBySpeaker(speaker: string, limit?: number, offset?: number): QuoteList {
    const key = norm(speaker);
    const rows: QuoteRow[] = [];
    for (const { id, brief } of this.articles) {
      const byId = new Map(brief.entities.map((e) => [e.id, e] as const));
      for (const q of brief.quotes) {
        if (isSaid(q) && q.speakerName !== null && norm(q.speakerName) === key) rows.push(this.quoteRow(id, brief, q, byId));
      }
    }
    return page(rows, limit ?? 50, offset);
  }

  /**
   * People, organisations and places as nodes (weight: articles naming them); edges: named in the same
   * paragraph (co-occurrence) and named inside someone's quote (quote: speaker → entity).
   */
  graph(from?: string, to?: string): GraphData {
    const nodes = new Map<string, GraphNode>();
    const edges = new Map<string, GraphEdge>();
    const addEdge = (a: string, b: string, kind: GraphEdge['kind']): void => {
      if (a === b) return;
      const [s, t] = kind === 'quote' ? [a, b] : [a, b].sort() as [string, string];
      const k = `${kind}\u0000${s}\u0000${t}`;
      const e = edges.get(k);
      if (e === undefined) edges.set(k, { source: s, target: t, kind, weight: 1 });
      else e.weight += 1;
    };
    for (const { brief } of this.articles) {
      if (!inRange(dateOf(brief), from, to)) continue;
      const ents = brief.entities.filter((e) => e.type !== 'MISC');
      for (const e of ents) {
        const n = nodes.get(e.name) ?? { id: e.name, label: e.name, type: e.type, weight: 0 };
        n.weight += 1;
        nodes.set(e.name, n);
      }
      const paragraphs = paragraphRanges(brief.article.text);
      for (const [ps, pe] of paragraphs) {
        const here = ents.filter((e) => e.mentions.some((m) => m.start >= ps && m.end <= pe)).map((e) => e.name);
        for (let i = 0; i < here.length; i++) for (let j = i + 1; j < here.length; j++) addEdge(here[i] as string, here[j] as string, 'cooccurrence');
      }
      const byId = new Map(ents.map((e) => [e.id, e] as const));
      for (const q of brief.quotes) {
        const speaker = q.speaker === null ? undefined : byId.get(q.speaker);
        if (speaker === undefined || q.start === undefined || q.end === undefined) continue;
        for (const e of ents) {
          if (e.mentions.some((m) => m.start >= (q.start ?? 0) && m.end <= (q.end ?? 0))) addEdge(speaker.name, e.name, 'quote');
        }
      }
    }
    return { nodes: [...nodes.values()], edges: [...edges.values()] };
  }
}

/** [start, end) of each paragraph (blocks separated by blank lines). */
export function paragraphRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  const re = /\n\s*\n/g;
  let start = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m.index > start) out.push([start, m.index]);
    start = m.index + m[0].length;
  }
  if (start < text.length) out.push([start, text.length]);
  return out;
}

function sameSentence(text: string, a: number, b: number): boolean {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  return !/[.!?]\s/.test(text.slice(lo, hi));
}

function snippetOf(text: string, terms: string[]): string | null {
  const lower = text.toLowerCase();
  const at = terms.length === 0 ? 0 : Math.max(0, lower.indexOf(terms[0] as string));
  const start = Math.max(0, at - 60);
  const s = text.slice(start, start + 200).replace(/\s+/g, ' ').trim();
  return s === '' ? null : `${start > 0 ? '…' : ''}${s}${start + 200 < text.length ? '…' : ''}`;
}

/** HTTP status for a typed error. */
export function statusFor(code: ErrorCode | string): ContentfulStatusCode {
  switch (code) {
    case 'INPUT_TOO_LARGE': return 413;
    case 'NO_ARTICLE': return 422;
    case 'FETCH_FAILED': return 502;
    case 'IO_ERROR': case 'PIPELINE_ERROR': case 'MODEL_ERROR': return 500;
    default: return 400;
  }
}

function jsonError(c: Context, status: ContentfulStatusCode, code: string, message: string): Response {
  return c.json({ error: { code, message } }, status);
}

function intParam(v: string | undefined): number | undefined {
  if (v === undefined || !/^\d{1,6}$/.test(v)) return undefined;
  return Number(v);
}

function dateParam(v: string | undefined): string | undefined {
  return v !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
}

/** Options of {@link mountDevApi}. */
export interface DevApiOptions {
  /** Largest request body of POST /api/explain, bytes (default 2 MB). */
  maxBodyBytes?: number;
  /** Let POST /api/explain fetch URLs on loopback and private networks (default false). */
  allowPrivate?: boolean;
}

type ExplainInput = { kind: 'text'; text: string } | { kind: 'html'; html: string; url: string | null } | { kind: 'url'; url: string };

async function readExplainInput(c: Context): Promise<ExplainInput> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new BrieflyError('BAD_OPTION', 'The request body is not valid JSON.');
    }
    const b = (body ?? {}) as Record<string, unknown>;
    if (typeof b.text === 'string') return { kind: 'text', text: b.text };
    if (typeof b.html === 'string') return { kind: 'html', html: b.html, url: typeof b.url === 'string' ? b.url : null };
    if (typeof b.url === 'string') return { kind: 'url', url: b.url };
    throw new BrieflyError('BAD_OPTION', 'Give {"text": ...}, {"html": ..., "url"?: ...} or {"url": ...}.');
  }
  const raw = await c.req.text();
  if (type.startsWith('text/html') || (!type.startsWith('text/plain') && looksLikeHtml(raw))) return { kind: 'html', html: raw, url: null };
  return { kind: 'text', text: raw };
}

/**
 * Add the contract's /api routes, answered from `corpus` (null: only POST /api/explain works; the
 * corpus endpoints answer 404 NO_STORE).
 */
export function mountDevApi(app: Hono, corpus: MemoryCorpus | null, opts: DevApiOptions = {}): void {
  const maxSize = opts.maxBodyBytes ?? 2_000_000;
  app.post(
    '/api/explain',
    bodyLimit({ maxSize, onError: (c) => jsonError(c, 413, 'INPUT_TOO_LARGE', `The request body is larger than ${maxSize.toLocaleString('en')} bytes.`) }),
    async (c) => {
      try {
        const date = c.req.query('date');
        const referenceDate = date === undefined || date === '' ? null : checkReferenceDate(date);
        const input = await readExplainInput(c);
        let brief: Brief;
        if (input.kind === 'text') brief = explain(input.text, { referenceDate });
        else if (input.kind === 'html') brief = explainHtml(input.html, { url: input.url, referenceDate });
        else {
          if (!/^https?:\/\//i.test(input.url)) throw new BrieflyError('BAD_OPTION', 'The URL must start with http:// or https://.');
          const fetched = await fetchPage(input.url, { allowPrivate: opts.allowPrivate ?? false, timeoutMs: 15_000 });
          brief = explainHtml(decodeHtml(fetched.body, fetched.contentType).text, { url: fetched.url, referenceDate });
        }
        return c.json(brief);
      } catch (e) {
        if (isBrieflyError(e)) return jsonError(c, statusFor(e.code), e.code, e.message);
        return jsonError(c, 500, 'PIPELINE_ERROR', `The article could not be explained: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  );
  const noStore = (c: Context): Response => jsonError(c, 404, 'NO_STORE', 'This server has no corpus: only POST /api/explain is available.');
  app.get('/api/articles', (c) => {
    if (corpus === null) return noStore(c);
    const q = c.req.query();
    return c.json(corpus.searchArticles({
      q: q.q, from: dateParam(q.from), to: dateParam(q.to), outlet: q.outlet, entity: q.entity, limit: intParam(q.limit), offset: intParam(q.offset),
    }));
  });
  app.get('/api/articles/:id', (c) => {
    if (corpus === null) return noStore(c);
    const id = c.req.param('id');
    const found = ID_RE.test(id) ? corpus.getArticle(id) : null;
    return found === null ? jsonError(c, 404, 'NOT_FOUND', `No article with id ${JSON.stringify(id)}.`) : c.json(found);
  });
  app.get('/api/people', (c) => (corpus === null ? noStore(c) : c.json(corpus.listPeople(intParam(c.req.query('limit')), intParam(c.req.query('offset'))))));
  app.get('/api/entities/:name', (c) => {
    if (corpus === null) return noStore(c);
    const name = c.req.param('name');
    const found = corpus.getEntity(name);
    return found === null ? jsonError(c, 404, 'NOT_FOUND', `No entity named ${JSON.stringify(name)}.`) : c.json(found);
  });
  app.get('/api/quotes', (c) => {
    if (corpus === null) return noStore(c);
    const speaker = c.req.query('speaker');
    if (speaker === undefined || speaker.trim() === '') return jsonError(c, 400, 'BAD_OPTION', 'Give ?speaker=NAME.');
    return c.json(corpus.quotesBySpeaker(speaker, intParam(c.req.query('limit')), intParam(c.req.query('offset'))));
  });
  app.get('/api/graph', (c) => (corpus === null ? noStore(c) : c.json(corpus.graph(dateParam(c.req.query('from')), dateParam(c.req.query('to'))))));
  app.all('/api/*', (c) => jsonError(c, 404, 'NOT_FOUND', `No API endpoint ${c.req.method} ${c.req.path}.`));
}
