/**
 * The HTTP API's request and response shapes (zod): the handlers parse queries with them and
 * /openapi.json is generated from them (src/server/openapi.ts), so the document follows the code.
 * Shapes follow /work/notes/api-contract.md (shared with the web UI); fields may be added, not renamed.
 */
import { z } from 'zod';
import { BriefSchema } from '../brief/schema.js';

const limit = z.coerce.number().int().min(1).max(500).optional().describe('Page size (1–500, default 20)');
const offset = z.coerce.number().int().min(0).optional().describe('Rows to skip (default 0)');
const isoDay = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?/, 'expected an ISO date such as 2024-05-06').optional();

export const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).describe('Every error response');

export const ExplainQuerySchema = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').optional().describe('Reference date for relative dates') });
export const ExplainBodySchema = z.union([
  z.object({ text: z.string().min(1) }),
  z.object({ html: z.string().min(1), url: z.string().optional() }),
  z.object({ url: z.string().regex(/^https?:\/\//i, 'expected an http(s) URL') }),
]).describe('JSON body; raw text/plain or text/html bodies are accepted too');

export const ArticlesQuerySchema = z.object({
  q: z.string().optional().describe('Full-text search words ("quoted phrase" for a phrase)'),
  from: isoDay.describe('Published on or after (ISO date)'),
  to: isoDay.describe('Published on or before (ISO date)'),
  outlet: z.string().optional().describe('Outlet / publisher (article source)'),
  entity: z.string().optional().describe('Only articles mentioning this entity name'),
  limit,
  offset,
});
export const ArticleItemSchema = z.object({
  id: z.string(), title: z.string().nullable(), source: z.string().nullable(), publishedAt: z.string().nullable(), url: z.string().nullable(),
  snippet: z.string().optional().describe('Matched text, the matches between « and »'),
});
export const ArticlesResponseSchema = z.object({ total: z.number().int(), items: z.array(ArticleItemSchema) });
export const ArticleResponseSchema = z.object({ id: z.string(), brief: BriefSchema });

export const PageQuerySchema = z.object({ limit, offset });
export const PeopleResponseSchema = z.object({
  total: z.number().int(),
  items: z.array(z.object({ name: z.string(), articles: z.number().int(), quotes: z.number().int(), roles: z.array(z.string()) })),
});

export const QuoteRowSchema = z.object({
  articleId: z.string(), date: z.string().nullable(), outlet: z.string().nullable(), title: z.string().nullable(), speakerName: z.string().nullable(),
  role: z.string().nullable(), affiliation: z.string().nullable(), text: z.string(), kind: z.string(), start: z.number().int().nullable(), end: z.number().int().nullable(),
});
export const QuotesQuerySchema = z.object({ speaker: z.string().optional().describe('Speaker name (all quotes without it)'), limit, offset });
export const QuotesResponseSchema = z.object({ total: z.number().int(), items: z.array(QuoteRowSchema) });

export const EntityQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).optional().describe('Rows per section (default 100)') });
export const EntityResponseSchema = z.object({
  name: z.string(),
  type: z.string(),
  articles: z.number().int(),
  roles: z.array(z.object({ role: z.string().nullable(), affiliation: z.string().nullable(), date: z.string().nullable(), articleId: z.string() })),
  mentions: z.array(z.object({ articleId: z.string(), start: z.number().int(), end: z.number().int(), text: z.string() })),
  quotes: z.array(QuoteRowSchema),
  figures: z.array(z.object({
    articleId: z.string(), text: z.string(), value: z.number(), unit: z.string(), about: z.string().nullable(), source: z.string().nullable(),
    date: z.string().nullable(), start: z.number().int().nullable(), end: z.number().int().nullable(),
  })).describe('Figures in the articles that mention the entity'),
  wants: z.array(z.object({
    articleId: z.string(), actorName: z.string().nullable(), cue: z.string(), text: z.string(), start: z.number().int().nullable(), end: z.number().int().nullable(),
  })),
});

export const GraphQuerySchema = z.object({ from: isoDay, to: isoDay, limit: z.coerce.number().int().min(1).max(500).optional().describe('Most nodes (default 100)') });
export const GraphResponseSchema = z.object({
  nodes: z.array(z.object({ id: z.string(), label: z.string(), type: z.string().describe('PERSON, ORG, PLACE or MISC for entities (id e…); COUNTRY for the countries of coded events (id c + code)'), weight: z.number() })),
  edges: z.array(z.object({ source: z.string(), target: z.string(), kind: z.enum(['cooccurrence', 'quote', 'event']), weight: z.number() })),
});

export const RelationsQuerySchema = z.object({
  a: z.string().min(1).describe('A country name, demonym or three-letter CAMEO code (China, Chinese, CHN)'),
  b: z.string().min(1).describe('The other actor'),
  by: z.enum(['week', 'month']).optional().describe('Period of the series (default month)'),
  events: z.enum(['0', '1', 'true', 'false']).optional().describe('Also list the events (default no)'),
});
const directionCounts = z.object({
  quad: z.array(z.number().int()).length(4).describe('Events per quad class 1–4 (verbal cooperation, material cooperation, verbal conflict, material conflict)'),
  done: z.number().int().describe('Events asserted or reported as done (not negated)'),
  negated: z.number().int(),
  notYet: z.number().int().describe('Expected or hypothetical events'),
  goldsteinSum: z.number(),
});
export const EventRowSchema = z.object({
  articleId: z.string(), date: z.string().nullable(), sourceCode: z.string(), targetCode: z.string(), sourceName: z.string().nullable(), targetName: z.string().nullable(),
  code: z.string(), root: z.string(), quadClass: z.number().int().nullable(), goldstein: z.number().nullable(), negated: z.boolean(), modality: z.string(),
  text: z.string(), start: z.number().int().nullable(), end: z.number().int().nullable(), outlet: z.string().nullable(), url: z.string().nullable(),
});
export const RelationsResponseSchema = z.object({
  a: z.string(), b: z.string(), by: z.enum(['week', 'month']),
  periods: z.array(z.object({
    period: z.string().describe('YYYY-MM, or the Monday of the ISO week'),
    aToB: directionCounts, bToA: directionCounts,
    index: z.number().nullable().describe('Mean Goldstein score of the events done in the period, both ways (-10 conflict … +10 cooperation)'),
  })),
  undated: z.number().int(), total: z.number().int(),
  events: z.array(EventRowSchema).optional(),
});
