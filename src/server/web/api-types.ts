/**
 * The JSON shapes of the HTTP API (notes: api-contract.md), as TypeScript types shared by the
 * in-memory development API (dev-api.ts) and the browser client (src/web/). Type-only: nothing
 * here reaches the browser bundle. The store branch owns the zod schemas of the real API; these
 * types follow the same contract and are what the client relies on.
 */
import type { Brief } from '../../brief/schema.js';

export interface ApiErrorBody {
  error: { code: string; message: string };
}

export interface ArticleListItem {
  id: string;
  title: string | null;
  source: string | null;
  publishedAt: string | null;
  url: string | null;
  snippet?: string;
}

export interface ArticleList {
  total: number;
  items: ArticleListItem[];
}

export interface ArticleDetail {
  id: string;
  brief: Brief;
}

export interface PersonRow {
  name: string;
  articles: number;
  quotes: number;
  roles: string[];
}

export interface PeopleList {
  total: number;
  items: PersonRow[];
}

export interface RoleRow {
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

/** A quote row across the corpus (GET /api/quotes and GET /api/entities/:name). */
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

/** A figure or a want with the article it comes from (extra fields the store adds are allowed). */
export interface EvidenceRow {
  articleId: string;
  text: string;
  start?: number | null;
  end?: number | null;
  date?: string | null;
  outlet?: string | null;
  title?: string | null;
  [key: string]: unknown;
}

export interface EntityDetail {
  name: string;
  type: string;
  articles: number;
  roles: RoleRow[];
  mentions: MentionRow[];
  quotes: QuoteRow[];
  figures: EvidenceRow[];
  wants: EvidenceRow[];
}

export interface QuoteList {
  total: number;
  items: QuoteRow[];
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
  kind: 'cooccurrence' | 'quote' | 'event' | string;
  weight: number;
}

export interface GraphData {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** GET /api/relations?a=&b=&by= (issue 8): a dyad's events per period, both ways. */
export interface RelationsCounts {
  quad: number[];
  done: number;
  negated: number;
  notYet: number;
  goldsteinSum: number;
}

export interface RelationsData {
  a: string;
  b: string;
  by: 'week' | 'month';
  periods: { period: string; aToB: RelationsCounts; bToA: RelationsCounts; index: number | null }[];
  undated: number;
  total: number;
}
