/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the zod schemas the handlers use
 * (src/server/schemas.ts) with zod's own JSON Schema output.
 */
import { z } from 'zod';
import * as S from './schemas.js';

type ZObject = z.ZodObject<z.ZodRawShape>;

function json(schema: z.ZodType): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

/** Query parameters from a zod object: one parameter per key. */
function queryParams(schema: ZObject): Record<string, unknown>[] {
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: 'query', required: (js.required ?? []).includes(name), schema: rest, ...(description ? { description } : {}) };
  });
}

const ok = (schema: z.ZodType, description: string): Record<string, unknown> => ({ description, content: { 'application/json': { schema: json(schema) } } });
const errors = (...codes: number[]): Record<string, unknown> =>
  Object.fromEntries(codes.map((c) => [String(c), { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));

export function openApiDocument(version: string): Record<string, unknown> {
  const pathParam = (name: string, description: string): Record<string, unknown> => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });
  return {
    openapi: '3.1.0',
    info: { title: 'briefly API', version, description: 'Explain news articles, and search a corpus of explained articles.' },
    components: { schemas: { Error: json(S.ErrorSchema) } },
    paths: {
      '/api/explain': {
        post: {
          summary: 'Explain one article: JSON {text} | {html, url?} | {url}, or a raw text/plain or text/html body',
          parameters: queryParams(S.ExplainQuerySchema as unknown as ZObject),
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: json(S.ExplainBodySchema) },
              'text/plain': { schema: { type: 'string' } },
              'text/html': { schema: { type: 'string' } },
            },
          },
          responses: { 200: ok(S.ArticleResponseSchema.shape.brief, 'The brief'), ...errors(400, 403, 413, 415, 422, 502, 503) },
        },
      },
      '/api/articles': {
        get: { summary: 'List and search articles', parameters: queryParams(S.ArticlesQuerySchema as unknown as ZObject), responses: { 200: ok(S.ArticlesResponseSchema, 'A page of articles'), ...errors(400, 503) } },
      },
      '/api/articles/{id}': {
        get: { summary: 'One article with its brief', parameters: [pathParam('id', 'Article id')], responses: { 200: ok(S.ArticleResponseSchema, 'The article'), ...errors(404, 503) } },
      },
      '/api/people': {
        get: { summary: 'People, most covered first', parameters: queryParams(S.PageQuerySchema as unknown as ZObject), responses: { 200: ok(S.PeopleResponseSchema, 'A page of people'), ...errors(400, 503) } },
      },
      '/api/entities/{name}': {
        get: {
          summary: 'Everything about one entity across articles',
          parameters: [pathParam('name', 'Entity name'), ...queryParams(S.EntityQuerySchema as unknown as ZObject)],
          responses: { 200: ok(S.EntityResponseSchema, 'The entity'), ...errors(404, 503) },
        },
      },
      '/api/quotes': {
        get: { summary: 'Quotes, by speaker', parameters: queryParams(S.QuotesQuerySchema as unknown as ZObject), responses: { 200: ok(S.QuotesResponseSchema, 'A page of quotes'), ...errors(400, 503) } },
      },
      '/api/graph': {
        get: { summary: 'Entity co-occurrence graph', parameters: queryParams(S.GraphQuerySchema as unknown as ZObject), responses: { 200: ok(S.GraphResponseSchema, 'Nodes and edges'), ...errors(400, 503) } },
      },
      '/api/relations': {
        get: { summary: 'Events between two actors over time (counts by quad class each way, Goldstein index)', parameters: queryParams(S.RelationsQuerySchema as unknown as ZObject), responses: { 200: ok(S.RelationsResponseSchema, 'The dyad series'), ...errors(400, 503) } },
      },
      '/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI document' } } } },
    },
  };
}
