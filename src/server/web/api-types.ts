/**
 * The JSON shapes of the HTTP API (notes: api-contract.md), as TypeScript types shared by the
 * in-memory development API (dev-api.ts) and the browser client (src/web/). Type-only: nothing
 * here reaches the browser bundle. The store branch owns the zod schemas of the real API; these
 * types follow the same contract and are what the client relies on.
 */
import type { Brief } from '../../brief/schema.js';
import type { ArticleListItem, EntityRoleRow, MentionRow, PersonRow, QuoteRow } from '../../store/types.js';

// The rows are the store's own types (type-only: erased from the browser bundle).
export type { ArticleListItem, MentionRow, PersonRow, QuoteRow } from '../../store/types.js';
export type { Graph as GraphData, GraphEdge, GraphNode } from '../../store/types.js';
/** GET /api/relations (issue 8): a dyad's events per period, both ways. */
export type { DirectionCounts as RelationsCounts, DyadSeries as RelationsData } from '../../store/relations.js';
export type RoleRow = EntityRoleRow;

export interface ApiErrorBody {
  error: { code: string; message: string };
}

export interface ArticleList {
  total: number;
  items: ArticleListItem[];
}

export interface ArticleDetail {
  id: string;
  brief: Brief;
}

export interface PeopleList {
  total: number;
  items: PersonRow[];
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

