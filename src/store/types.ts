/**
 * The corpus store: many articles, each with its brief and its layers as queryable rows.
 *
 * One interface, two engines: SQLite (src/store/sqlite.ts, embedded default, one file) and PostgreSQL
 * (src/store/postgres.ts, for several ingest workers). The HTTP API (src/server/app.ts) and the query
 * commands (`briefly search`, `quotes`, `people`, `entity`, `export`) read only through this interface.
 *
 * Ingest is keyed: every input record has a stable `key` (a WARC-Record-ID, a feed item's guid, a file's
 * path, a JSONL file's path and id). A key already stored is skipped, so re-running an ingest adds nothing.
 * Articles (each with all its rows) are written in transactions, so a kill at any moment leaves either the
 * whole article or none of it.
 */
import type { Brief } from '../brief/schema.js';
import type { PreparedArticle } from './rows.js';

/** One article ready to store: its brief plus where it came from. */
export interface NewArticle {
  /** Stable ingest key of the input record (idempotency). */
  key: string;
  /** Outlet / publisher (brief.article.publisher, or the feed's or WARC's host). */
  source: string | null;
  url: string | null;
  title: string | null;
  publishedAt: string | null;
  brief: Brief;
}

/** What happened to one article handed to the store. */
export type AddOutcome =
  | { status: 'ingested'; id: string }
  /** The key was stored before (a re-run): nothing written. */
  | { status: 'exists'; id: string | null }
  /** Same text as a stored article (after whitespace/case normalisation): linked to it, not stored again. */
  | { status: 'duplicate'; id: string; duplicateOf: string }
  /** Nearly the same text (a syndicated copy with small edits): linked to the original, not stored again. */
  | { status: 'near-duplicate'; id: string; duplicateOf: string; similarity: number };

/** What happened to one article of a batch: as for one article, or it could not be written (the others still are). */
export type StoreOutcome = AddOutcome | { status: 'failed'; code: string; message: string };

export interface ArticleQuery {
  q?: string;
  from?: string;
  to?: string;
  outlet?: string;
  entity?: string;
  limit?: number;
  offset?: number;
}

export interface ArticleListItem {
  id: string;
  title: string | null;
  source: string | null;
  publishedAt: string | null;
  url: string | null;
  snippet?: string;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface PersonRow {
  name: string;
  articles: number;
  quotes: number;
  roles: string[];
}

export interface EntityRoleRow {
  role: string | null;
  affiliation: string | null;
  date: string | null;
  articleId: string;
}

export interface MentionRow {
  articleId: string;
  start: number;
  end: number;
  text: string;
}

export interface QuoteRow {
  articleId: string;
  date: string | null;
  outlet: string | null;
  title: string | null;
  speakerName: string | null;
  role: string | null;
  affiliation: string | null;
  text: string;
  kind: string;
  start: number | null;
  end: number | null;
}

export interface FigureRow {
  articleId: string;
  text: string;
  value: number;
  unit: string;
  about: string | null;
  source: string | null;
  date: string | null;
  start: number | null;
  end: number | null;
}

export interface WantRow {
  articleId: string;
  actorName: string | null;
  cue: string;
  text: string;
  start: number | null;
  end: number | null;
}

export interface EntityPage {
  name: string;
  type: string;
  articles: number;
  roles: EntityRoleRow[];
  mentions: MentionRow[];
  quotes: QuoteRow[];
  figures: FigureRow[];
  wants: WantRow[];
}

export interface GraphNode {
  id: string;
  label: string;
  type: string;
  weight: number;
}

export interface GraphEdge {
  source: string;
  target: string;
  kind: 'cooccurrence' | 'quote' | 'event';
  weight: number;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface StoreStats {
  articles: number;
  duplicates: number;
  entities: number;
  quotes: number;
  figures: number;
}

/** One coded event of a stored article (brief.events), with where it came from. */
export interface EventRow {
  articleId: string;
  /** The event's date (partial ISO allowed), else the article's publication day. */
  date: string | null;
  sourceCode: string;
  targetCode: string;
  /** Names of the actors when they are entities of the brief. */
  sourceName: string | null;
  targetName: string | null;
  code: string;
  root: string;
  quadClass: number | null;
  goldstein: number | null;
  negated: boolean;
  modality: string;
  text: string;
  start: number | null;
  end: number | null;
  outlet: string | null;
  url: string | null;
}

export const EXPORT_TABLES = ['articles', 'entities', 'quotes', 'figures', 'events'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

/** The corpus: the same model whatever the engine. */
export interface CorpusStore {
  readonly kind: 'sqlite' | 'postgres';
  /** True when this key was stored (as an article or a duplicate): the record can be skipped before explaining it. */
  hasKey(key: string): Promise<boolean>;
  /** Whether articles are checked for near duplicates (the MinHash signature is then part of a prepared article). */
  readonly nearDuplicates: boolean;
  /** Store one article and its layers in one transaction (or link it as a duplicate). */
  addArticle(article: NewArticle): Promise<AddOutcome>;
  /**
   * Store prepared articles (src/store/rows.ts prepareArticle) in ONE transaction, in order (a later one may
   * be a duplicate of an earlier one). An article that cannot be written is rolled back alone and reported
   * as failed; the others are committed.
   */
  addPrepared(articles: readonly PreparedArticle[]): Promise<StoreOutcome[]>;
  searchArticles(query: ArticleQuery): Promise<Page<ArticleListItem>>;
  getArticle(id: string): Promise<{ id: string; brief: Brief } | null>;
  listPeople(options: { limit?: number; offset?: number }): Promise<Page<PersonRow>>;
  getEntity(name: string, options?: { limit?: number }): Promise<EntityPage | null>;
  quotesBySpeaker(options: { speaker?: string; limit?: number; offset?: number }): Promise<Page<QuoteRow>>;
  graph(options: { from?: string; to?: string; limit?: number }): Promise<Graph>;
  /**
   * Events between two actors, both directions: `a` and `b` are the three-letter country (or
   * organisation) prefixes of CAMEO actor codes ("CHN" matches CHN, CHNGOV, CHNMIL). Oldest first.
   */
  eventsBetween(a: string, b: string, options?: { limit?: number }): Promise<EventRow[]>;
  /** Every row of a table, streamed in batches (for `briefly export`). */
  exportRows(table: ExportTable): AsyncIterable<Record<string, unknown>>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 500;

/** Most events one dyad query returns (a time series reads them all). */
export const MAX_DYAD_EVENTS = 100_000;

/** Clamp a page size to 1..max (MAX_LIMIT unless given). */
export function clampLimit(limit: number | undefined, fallback = DEFAULT_LIMIT, max = MAX_LIMIT): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.max(1, Math.min(max, Math.floor(limit)));
}

export function clampOffset(offset: number | undefined): number {
  if (offset === undefined || !Number.isFinite(offset) || offset < 0) return 0;
  return Math.floor(offset);
}
