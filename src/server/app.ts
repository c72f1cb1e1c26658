/**
 * The HTTP API (Hono). `createApp({ store })` builds the app; `briefly serve` (src/server/serve.ts) runs it
 * on Node. Endpoints and shapes: /work/notes/api-contract.md, schemas in src/server/schemas.ts, and the
 * OpenAPI document at GET /openapi.json generated from them.
 *
 * - Every error is JSON `{ "error": { "code", "message" } }` with a fitting status.
 * - Request bodies are limited (413); at most `maxConcurrency` requests are handled at once, more get 503
 *   with Retry-After (explaining is CPU work: a queue would only grow).
 * - Without a store (`--no-db`) only POST /api/explain and /openapi.json answer; the rest is 503 NO_STORE.
 *
 * @example
 * const app = createApp({ store: await openStore('news.db') });
 * const res = await app.request('/api/articles?q=grid');
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { isBrieflyError, type ErrorCode } from '../errors.js';
import type { CorpusStore } from '../store/types.js';
import { VERSION } from '../version.js';
import { openApiDocument } from './openapi.js';
import * as S from './schemas.js';
import { mountWeb, type WebOptions } from './web/index.js';

export interface AppOptions {
  store: CorpusStore | null;
  /** Largest request body, bytes (default 2,000,000). */
  maxBodyBytes?: number;
  /** Requests handled at once (default 64). */
  maxConcurrency?: number;
  /** POST /api/explain {url}: allow loopback / private addresses (default false). */
  allowPrivate?: boolean;
  /** Fetch time limit for {url}, ms (default 15,000). */
  fetchTimeoutMs?: number;
  /** Web UI options (src/server/web/); false serves the API alone. */
  web?: WebOptions | false;
}

export const DEFAULT_MAX_BODY_BYTES = 2_000_000;
export const DEFAULT_MAX_CONCURRENCY = 64;

/** HTTP status for each BrieflyError code. */
const STATUS: Record<ErrorCode, 400 | 403 | 413 | 415 | 422 | 500 | 502> = {
  EMPTY_INPUT: 400, BINARY_INPUT: 400, BAD_OPTION: 400, BAD_JSONL_LINE: 400, UNSUPPORTED_INPUT: 415, INPUT_TOO_LARGE: 413,
  NO_ARTICLE: 422, BLOCKED_URL: 403, FETCH_FAILED: 502, IO_ERROR: 500, PIPELINE_ERROR: 500, MODEL_ERROR: 500,
};

type Status = 400 | 403 | 404 | 413 | 415 | 422 | 500 | 502 | 503;

export function errorResponse(c: Context, status: Status, code: string, message: string): Response {
  return c.json({ error: { code, message } }, status);
}

/** Parse the query string with a zod schema; a bad value is a 400 with the field named. */
function parseQuery<T extends z.ZodType>(c: Context, schema: T): { ok: true; value: z.infer<T> } | { ok: false; res: Response } {
  const r = schema.safeParse(c.req.query());
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? `'${issue.path.join('.')}': ` : '';
  return { ok: false, res: errorResponse(c, 400, 'BAD_REQUEST', `Invalid query parameter ${where}${issue?.message ?? 'invalid'}.`) };
}

export function createApp(opts: AppOptions): Hono {
  const app = new Hono();
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxConcurrency = opts.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
  let inFlight = 0;

  app.onError((err, c) => {
    if (isBrieflyError(err)) return errorResponse(c, STATUS[err.code], err.code, err.message);
    return errorResponse(c, 500, 'INTERNAL', `Unexpected error: ${err instanceof Error ? err.message : String(err)}`);
  });
  app.notFound((c) => errorResponse(c, 404, 'NOT_FOUND', `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`));

  app.use('*', async (c, next) => {
    if (inFlight >= maxConcurrency) {
      c.header('Retry-After', '1');
      return errorResponse(c, 503, 'BUSY', `The server is handling ${maxConcurrency} requests already; retry shortly.`);
    }
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
    }
  });
  app.use('/api/*', bodyLimit({
    maxSize: maxBody,
    onError: (c) => errorResponse(c, 413, 'INPUT_TOO_LARGE', `The request body is over the limit of ${maxBody.toLocaleString('en')} bytes.`),
  }));

  const document = openApiDocument(VERSION);
  app.get('/openapi.json', (c) => c.json(document));

  app.post('/api/explain', async (c) => {
    const query = parseQuery(c, S.ExplainQuerySchema);
    if (!query.ok) return query.res;
    const referenceDate = query.value.date ?? null;
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const { explain, explainHtml } = await import('../explain.js');
    let brief;
    if (type === 'application/json' || type === '') {
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch (e) {
        return errorResponse(c, 400, 'BAD_REQUEST', `The body is not valid JSON: ${(e as Error).message}.`);
      }
      const parsed = S.ExplainBodySchema.safeParse(body);
      if (!parsed.success) return errorResponse(c, 400, 'BAD_REQUEST', 'Expected a JSON body {"text"}, {"html", "url"?} or {"url"}.');
      const b = parsed.data;
      if ('text' in b) brief = explain(b.text, { referenceDate });
      else if ('html' in b) brief = explainHtml(b.html, { url: b.url ?? null, referenceDate });
      else {
        const [{ fetchPage }, { decodeHtml }] = await Promise.all([import('../fetch/fetch-page.js'), import('../extract/html/decode.js')]);
        const page = await fetchPage(b.url, { allowPrivate: opts.allowPrivate === true, timeoutMs: opts.fetchTimeoutMs ?? 15_000 });
        brief = explainHtml(decodeHtml(page.body, page.contentType).text, { url: page.url, referenceDate });
      }
    } else if (type === 'text/plain') {
      brief = explain(await c.req.text(), { referenceDate });
    } else if (type === 'text/html') {
      brief = explainHtml(await c.req.text(), { referenceDate });
    } else {
      return errorResponse(c, 415, 'UNSUPPORTED_MEDIA_TYPE', `Send application/json, text/plain or text/html; got '${type}'.`);
    }
    return c.json(brief);
  });

  // ---- corpus endpoints ----
  const needStore = (c: Context): CorpusStore | Response =>
    opts.store ?? errorResponse(c, 503, 'NO_STORE', 'This server runs without a corpus (--no-db): only POST /api/explain is available.');

  app.get('/api/articles', async (c) => {
    const store = needStore(c);
    if (store instanceof Response) return store;
    const q = parseQuery(c, S.ArticlesQuerySchema);
    if (!q.ok) return q.res;
    return c.json(await store.searchArticles(q.value));
  });

  app.get('/api/articles/:id', async (c) => {
    const store = needStore(c);
    if (store instanceof Response) return store;
    const id = c.req.param('id');
    const article = await store.getArticle(id);
    if (article === null) return errorResponse(c, 404, 'NOT_FOUND', `No article with id '${id}'.`);
    return c.json(article);
  });

  app.get('/api/people', async (c) => {
    const store = needStore(c);
    if (store instanceof Response) return store;
    const q = parseQuery(c, S.PageQuerySchema);
    if (!q.ok) return q.res;
    return c.json(await store.listPeople(q.value));
  });

  app.get('/api/entities/:name', async (c) => {
    const store = needStore(c);
    if (store instanceof Response) return store;
    const q = parseQuery(c, S.EntityQuerySchema);
    if (!q.ok) return q.res;
    const name = c.req.param('name');
    const entity = await store.getEntity(name, q.value);
    if (entity === null) return errorResponse(c, 404, 'NOT_FOUND', `No entity named '${name}'.`);
    return c.json(entity);
  });

  app.get('/api/quotes', async (c) => {
    const store = needStore(c);
    if (store instanceof Response) return store;
    const q = parseQuery(c, S.QuotesQuerySchema);
    if (!q.ok) return q.res;
    return c.json(await store.quotesBySpeaker(q.value));
  });

  app.get('/api/graph', async (c) => {
    const store = needStore(c);
    if (store instanceof Response) return store;
    const q = parseQuery(c, S.GraphQuerySchema);
    if (!q.ok) return q.res;
    return c.json(await store.graph(q.value));
  });

  app.get('/api/relations', async (c) => {
    const store = needStore(c);
    if (store instanceof Response) return store;
    const q = parseQuery(c, S.RelationsQuerySchema);
    if (!q.ok) return q.res;
    const { resolveActor, dyadSeries } = await import('../store/relations.js');
    const a = resolveActor(q.value.a);
    const b = resolveActor(q.value.b);
    const events = await store.eventsBetween(a, b);
    const series = dyadSeries(events, a, b, q.value.by ?? 'month');
    return c.json(q.value.events === '1' || q.value.events === 'true' ? { ...series, events } : series);
  });

  // Web UI (issue 7): its pages and assets, after the API routes (false: API only).
  if (opts.web !== false) mountWeb(app, opts.web ?? {});
  return app;
}
