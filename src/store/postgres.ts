/**
 * The corpus store on PostgreSQL (library `pg`): the same model as SQLite, plus a jobs table through which
 * several `briefly worker` processes share the ingest work.
 *
 * - Search: a generated tsvector column (English configuration) with a GIN index; websearch_to_tsquery
 *   reads the user's words safely; ts_headline makes the snippets.
 * - Each article is written in one transaction. Inserts take a transaction-scoped advisory lock, so the
 *   duplicate checks (exact hash, MinHash/LSH) of two workers never race each other; explaining (the slow
 *   part) happens outside it.
 * - Jobs: a worker claims the oldest pending job, or a running job whose lease has expired (its worker
 *   died), with `FOR UPDATE SKIP LOCKED`, so two workers never claim the same job. It stores the article
 *   and marks the job done in ONE transaction, and only while it still holds the lease (else it rolls
 *   back: the job went to another worker). With `ingest_key` UNIQUE on articles, no article is stored
 *   twice and none is lost when a worker dies.
 */
import os from 'node:os';
import pg from 'pg';
import type { Brief } from '../brief/schema.js';
import { BrieflyError } from '../errors.js';
import { NEAR_DUPLICATE_THRESHOLD, signatureFromBuffer, signatureSimilarity, signatureToBuffer } from './dedup.js';
import type { PrepareResult } from './ingest/ingest.js';
import type { ArticleRecord } from './ingest/records.js';
import { briefFromRow, normalizeName, prepareArticle, type PreparedArticle } from './rows.js';
import { dayBound, dayUpper } from './sql-common.js';
import { MAX_EVENT_EDGES, withEventEdges } from './relations.js';
import { GRAPH_WINDOW } from './limits.js';
import {
  clampLimit, clampOffset, MAX_DYAD_EVENTS, type AddOutcome, type ArticleListItem, type ArticleQuery, type CorpusStore, type EntityPage, type EventRow,
  type ExportTable, type Graph, type NewArticle, type Page, type PersonRow, type QuoteRow, type StoreOutcome, type StoreStats,
} from './types.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS articles (
  rid BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  ingest_key TEXT NOT NULL UNIQUE,
  source TEXT, url TEXT, title TEXT, published_at TEXT, day TEXT,
  content_hash TEXT NOT NULL UNIQUE,
  signature BYTEA,
  text TEXT NOT NULL,
  brief TEXT NOT NULL,
  ingested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED
);
CREATE INDEX IF NOT EXISTS articles_tsv ON articles USING GIN (tsv);
CREATE INDEX IF NOT EXISTS articles_day ON articles (day);
CREATE INDEX IF NOT EXISTS articles_source ON articles (lower(source));
CREATE TABLE IF NOT EXISTS duplicates (
  ingest_key TEXT PRIMARY KEY, id TEXT NOT NULL, duplicate_of TEXT NOT NULL REFERENCES articles(id), kind TEXT NOT NULL,
  similarity DOUBLE PRECISION NOT NULL, source TEXT, url TEXT, title TEXT, published_at TEXT, ingested_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS duplicates_of ON duplicates (duplicate_of);
CREATE INDEX IF NOT EXISTS duplicates_id ON duplicates (id);
CREATE TABLE IF NOT EXISTS lsh (band INT NOT NULL, bucket INT NOT NULL, article_rid BIGINT NOT NULL, PRIMARY KEY (band, bucket, article_rid));
CREATE TABLE IF NOT EXISTS entities (
  eid BIGSERIAL PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, norm TEXT NOT NULL,
  article_count INT NOT NULL DEFAULT 0, quote_count INT NOT NULL DEFAULT 0, UNIQUE (norm, type)
);
CREATE INDEX IF NOT EXISTS entities_rank ON entities (type, article_count DESC);
CREATE TABLE IF NOT EXISTS article_entities (
  xid BIGSERIAL UNIQUE, article_rid BIGINT NOT NULL REFERENCES articles(rid), eid BIGINT NOT NULL REFERENCES entities(eid), local_id TEXT NOT NULL,
  role TEXT, affiliation TEXT, country TEXT, mention_count INT NOT NULL, PRIMARY KEY (article_rid, local_id)
);
CREATE INDEX IF NOT EXISTS article_entities_eid ON article_entities (eid, article_rid);
CREATE TABLE IF NOT EXISTS mentions (article_rid BIGINT NOT NULL, eid BIGINT NOT NULL, start_off INT NOT NULL, end_off INT NOT NULL, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS mentions_eid ON mentions (eid, article_rid);
CREATE TABLE IF NOT EXISTS quotes (
  xid BIGSERIAL UNIQUE, article_rid BIGINT NOT NULL, idx INT NOT NULL, speaker_eid BIGINT, speaker_name TEXT, text TEXT NOT NULL, kind TEXT NOT NULL,
  start_off INT, end_off INT, cue TEXT, PRIMARY KEY (article_rid, idx)
);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes (speaker_eid);
CREATE TABLE IF NOT EXISTS figures (
  xid BIGSERIAL UNIQUE, article_rid BIGINT NOT NULL, idx INT NOT NULL, value DOUBLE PRECISION NOT NULL, unit TEXT NOT NULL, about TEXT, source TEXT,
  date TEXT, text TEXT NOT NULL, start_off INT, end_off INT, PRIMARY KEY (article_rid, idx)
);
CREATE TABLE IF NOT EXISTS wants (
  article_rid BIGINT NOT NULL, idx INT NOT NULL, actor_eid BIGINT, actor_name TEXT, cue TEXT NOT NULL, text TEXT NOT NULL,
  start_off INT, end_off INT, PRIMARY KEY (article_rid, idx)
);
CREATE INDEX IF NOT EXISTS wants_actor ON wants (actor_eid);
CREATE TABLE IF NOT EXISTS timeline (
  article_rid BIGINT NOT NULL, idx INT NOT NULL, date TEXT, date_text TEXT NOT NULL, text TEXT NOT NULL, relative BOOLEAN NOT NULL,
  start_off INT, end_off INT, PRIMARY KEY (article_rid, idx)
);
CREATE TABLE IF NOT EXISTS events (
  xid BIGSERIAL UNIQUE, article_rid BIGINT NOT NULL, idx INT NOT NULL, source_code TEXT NOT NULL, target_code TEXT NOT NULL,
  source_country TEXT NOT NULL, target_country TEXT NOT NULL, source_name TEXT, target_name TEXT,
  code TEXT NOT NULL, root TEXT NOT NULL, quad_class INT, goldstein DOUBLE PRECISION, negated BOOLEAN NOT NULL, modality TEXT NOT NULL,
  date TEXT, text TEXT NOT NULL, start_off INT, end_off INT, PRIMARY KEY (article_rid, idx)
);
CREATE INDEX IF NOT EXISTS events_dyad ON events (source_country, target_country);
CREATE TABLE IF NOT EXISTS jobs (
  id BIGSERIAL PRIMARY KEY, ingest_key TEXT NOT NULL UNIQUE, payload JSONB NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending', attempts INT NOT NULL DEFAULT 0, worker TEXT, lease_until TIMESTAMPTZ,
  outcome TEXT, error TEXT, finished_at TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS jobs_state ON jobs (state, id);
`;

/** Advisory lock ids (arbitrary constants): schema creation, and the article-insert critical section. */
const LOCK_SCHEMA = 7_406_001;
const LOCK_INSERT = 7_406_002;
/** A job claimed this many times without finishing (it kills its workers) is given up. */
export const MAX_JOB_ATTEMPTS = 5;

type Q = pg.Pool | pg.PoolClient;

/** Names of the prepared statements (see PostgresStore.exec), by SQL text. */
const STATEMENT_NAMES = new Map<string, string>();
type Row = Record<string, unknown>;

export interface PostgresStoreOptions {
  nearDuplicates?: boolean;
  /** Schema holding the tables (created when missing); default "public". */
  pgSchema?: string;
  poolSize?: number;
}

export interface ClaimedJob {
  id: number;
  attempts: number;
  record: ArticleRecord;
}

export interface QueueStatus {
  pending: number;
  running: number;
  done: number;
  failed: number;
}

function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new BrieflyError('BAD_OPTION', `Invalid PostgreSQL schema name '${name}'.`);
  return `"${name}"`;
}

/** Parameter list builder: push(value) returns "$n". */
class Params {
  readonly values: unknown[] = [];
  push(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

export class PostgresStore implements CorpusStore {
  readonly kind = 'postgres' as const;
  readonly pool: pg.Pool;
  readonly nearDuplicates: boolean;
  readonly schema: string;

  private constructor(pool: pg.Pool, schema: string, nearDuplicates: boolean) {
    this.pool = pool;
    this.schema = schema;
    this.nearDuplicates = nearDuplicates;
  }

  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const schema = options.pgSchema ?? 'public';
    const ident = quoteIdent(schema);
    // Every connection starts with the schema on its search path (a startup option: no extra query per
    // connection or per transaction). Options given in the URL are kept.
    const parsed = new URL(url);
    const urlOptions = parsed.searchParams.get('options');
    parsed.searchParams.delete('options');
    const startup = [urlOptions, `-c search_path=${ident}`].filter((o) => o !== null && o !== '').join(' ');
    const pool = new pg.Pool({ connectionString: parsed.toString(), options: startup, max: options.poolSize ?? 4 });
    pool.on('error', () => undefined);
    const store = new PostgresStore(pool, schema, options.nearDuplicates !== false);
    try {
      const client = await pool.connect();
      try {
        await client.query(`SET search_path TO ${ident}`);
        await client.query('SELECT pg_advisory_lock($1)', [LOCK_SCHEMA]);
        try {
          await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident}`);
          await client.query(SCHEMA);
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [LOCK_SCHEMA]);
        }
      } finally {
        client.release();
      }
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw new BrieflyError('IO_ERROR', `Cannot open the PostgreSQL database: ${(e as Error).message}.`);
    }
    return store;
  }

  /** Run fn in a transaction on one pooled client. */
  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  private async rows(q: Q, sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await q.query(sql, params)).rows as Row[];
  }

  /**
   * Run a statement of the ingest path as a named prepared statement: each connection parses and plans it
   * once, not once per article.
   */
  private async exec(q: Q, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
    let name = STATEMENT_NAMES.get(sql);
    if (name === undefined) {
      name = `briefly_${STATEMENT_NAMES.size + 1}`;
      STATEMENT_NAMES.set(sql, name);
    }
    return q.query({ name, text: sql, values: params });
  }

  private async rowsNamed(q: Q, sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.exec(q, sql, params)).rows as Row[];
  }

  async hasKey(key: string): Promise<boolean> {
    const r = await this.rows(this.pool, 'SELECT 1 FROM articles WHERE ingest_key = $1 UNION ALL SELECT 1 FROM duplicates WHERE ingest_key = $1 LIMIT 1', [key]);
    return r.length > 0;
  }

  async addArticle(article: NewArticle): Promise<AddOutcome> {
    const prep = prepareArticle(article, { nearDuplicates: this.nearDuplicates });
    return this.tx(async (c) => {
      await this.lockInserts(c);
      return (await this.insertBatch(c, [prep]))[0]!;
    });
  }

  async addPrepared(articles: readonly PreparedArticle[]): Promise<StoreOutcome[]> {
    if (articles.length === 0) return [];
    return withIsolationRetry((isolate) => this.tx(async (c) => {
      await this.lockInserts(c);
      return this.insertAll(c, articles, isolate);
    }));
  }

  /**
   * Insert articles in order inside the caller's transaction (the insert lock held). Without `isolate` the
   * whole batch is written with one statement per table (insertBatch); with `isolate`, each article is a batch
   * of its own inside a savepoint: one that fails is rolled back alone and reported failed.
   */
  private async insertAll(c: pg.PoolClient, articles: readonly PreparedArticle[], isolate: boolean): Promise<StoreOutcome[]> {
    if (!isolate) return this.insertBatch(c, articles);
    const outcomes: StoreOutcome[] = [];
    for (const prep of articles) {
      await c.query('SAVEPOINT one_article');
      try {
        outcomes.push(...(await this.insertBatch(c, [prep])));
        await c.query('RELEASE SAVEPOINT one_article');
      } catch (e) {
        await c.query('ROLLBACK TO SAVEPOINT one_article');
        outcomes.push({ status: 'failed', code: 'IO_ERROR', message: `Cannot store the article: ${(e as Error).message}.` });
      }
    }
    return outcomes;
  }

  /** Take the insert lock for the rest of the transaction (duplicate checks of concurrent writers never race). */
  private async lockInserts(c: pg.PoolClient): Promise<void> {
    await c.query('SELECT pg_advisory_xact_lock($1)', [LOCK_INSERT]);
  }

  /**
   * Insert a batch of articles (or link them as duplicates); the caller holds the insert lock (lockInserts).
   * The outcome is the same as inserting them one after the other (an article may duplicate an earlier one of
   * the same batch), but the work is two statements whatever the batch size: one reads the stored keys, content
   * hashes and LSH candidates of the whole batch, the duplicate decisions are taken here in order, and one
   * writes every row (WRITE_BATCH_SQL). Few round trips means a short hold of the insert lock, which is what
   * lets several workers write without waiting on each other.
   */
  private async insertBatch(c: pg.PoolClient, preps: readonly PreparedArticle[]): Promise<AddOutcome[]> {
    if (preps.length === 0) return [];
    const withBands = this.nearDuplicates ? preps.filter((p) => p.bands.length > 0) : [];
    const known = await this.rowsNamed(c, READ_BATCH_SQL, [
      preps.map((p) => p.key), preps.map((p) => p.hash), withBands.flatMap((p) => p.bands.map((_, i) => i)), withBands.flatMap((p) => p.bands),
    ]);
    const seen = new Map<string, string>();
    const byHash = new Map<string, string>();
    // LSH candidates of every band of every article: stored ones from the table, earlier ones of this batch added as they are stored.
    const bucketKey = (band: number, bucket: number): string => `${band}:${bucket}`;
    const candidates = new Map<string, { id: string; signature: Uint32Array }[]>();
    const addCandidate = (band: number, bucket: number, id: string, signature: Uint32Array): void => {
      const k = bucketKey(band, bucket);
      const list = candidates.get(k) ?? [];
      list.push({ id, signature });
      candidates.set(k, list);
    };
    for (const r of known) {
      if (r.kind === 'k') seen.set(r.k as string, r.id as string);
      else if (r.kind === 'h') byHash.set(r.k as string, r.id as string);
      else if (r.signature) addCandidate(Number(r.band), Number(r.bucket), r.id as string, signatureFromBuffer(r.signature as Buffer));
    }
    const outcomes: AddOutcome[] = [];
    const stored: PreparedArticle[] = [];
    const dups: { prep: PreparedArticle; kind: 'exact' | 'near'; of: string; sim: number }[] = [];
    for (const prep of preps) {
      const already = seen.get(prep.key);
      if (already !== undefined) {
        outcomes.push({ status: 'exists', id: already });
        continue;
      }
      seen.set(prep.key, prep.id);
      const same = byHash.get(prep.hash);
      if (same !== undefined) {
        dups.push({ prep, kind: 'exact', of: same, sim: 1 });
        outcomes.push({ status: 'duplicate', id: prep.id, duplicateOf: same });
        continue;
      }
      if (this.nearDuplicates && prep.bands.length > 0) {
        const checked = new Set<string>();
        let best: { id: string; sim: number } | null = null;
        prep.bands.forEach((bucket, band) => {
          for (const cand of candidates.get(bucketKey(band, bucket)) ?? []) {
            if (checked.has(cand.id)) continue;
            checked.add(cand.id);
            const sim = signatureSimilarity(prep.signature, cand.signature);
            if (sim >= NEAR_DUPLICATE_THRESHOLD && (best === null || sim > best.sim)) best = { id: cand.id, sim };
          }
        });
        if (best !== null) {
          const b = best as { id: string; sim: number };
          dups.push({ prep, kind: 'near', of: b.id, sim: b.sim });
          outcomes.push({ status: 'near-duplicate', id: prep.id, duplicateOf: b.id, similarity: b.sim });
          continue;
        }
      }
      stored.push(prep);
      byHash.set(prep.hash, prep.id);
      if (this.nearDuplicates && prep.signature.length > 0) prep.bands.forEach((bucket, band) => addCandidate(band, bucket, prep.id, prep.signature));
      outcomes.push({ status: 'ingested', id: prep.id });
    }
    if (stored.length > 0 || dups.length > 0) await this.exec(c, WRITE_BATCH_SQL, writeBatchParams(stored, dups));
    return outcomes;
  }

  async searchArticles(query: ArticleQuery): Promise<Page<ArticleListItem>> {
    const limit = clampLimit(query.limit);
    const offset = clampOffset(query.offset);
    const p = new Params();
    const where: string[] = [];
    let tsq: string | null = null;
    if (query.q && query.q.trim() !== '') {
      tsq = p.push(query.q);
      where.push(`a.tsv @@ websearch_to_tsquery('english', ${tsq})`);
    }
    const from = dayBound(query.from);
    const to = dayUpper(query.to);
    if (from !== null) where.push(`a.day >= ${p.push(from)}`);
    if (to !== null) where.push(`a.day <= ${p.push(to)}`);
    if (query.outlet) where.push(`lower(a.source) = lower(${p.push(query.outlet)})`);
    if (query.entity) {
      where.push(`a.rid IN (SELECT ae.article_rid FROM article_entities ae JOIN entities e ON e.eid = ae.eid WHERE e.norm = ${p.push(normalizeName(query.entity))})`);
    }
    const cond = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = Number((await this.rows(this.pool, `SELECT count(*) AS n FROM articles a ${cond}`, p.values))[0]!.n);
    const order = tsq !== null ? `ts_rank(a.tsv, websearch_to_tsquery('english', ${tsq})) DESC, a.rid DESC` : 'a.day DESC NULLS LAST, a.rid DESC';
    const lim = p.push(limit);
    const off = p.push(offset);
    const inner = `SELECT a.rid, a.id, a.title, a.source, a.published_at, a.url, a.text FROM articles a ${cond} ORDER BY ${order} LIMIT ${lim} OFFSET ${off}`;
    const snippet = tsq !== null
      ? `, ts_headline('english', x.text, websearch_to_tsquery('english', ${tsq}), 'StartSel=«, StopSel=», MaxWords=30, MinWords=12, MaxFragments=1') AS snippet`
      : '';
    const rows = await this.rows(this.pool, `SELECT x.id, x.title, x.source, x.published_at AS "publishedAt", x.url${snippet} FROM (${inner}) x`, p.values);
    return {
      total,
      items: rows.map((r) => {
        const item: ArticleListItem = { id: r.id as string, title: r.title as string | null, source: r.source as string | null, publishedAt: r.publishedAt as string | null, url: r.url as string | null };
        if (typeof r.snippet === 'string') item.snippet = r.snippet;
        return item;
      }),
    };
  }

  async getArticle(id: string): Promise<{ id: string; brief: Brief } | null> {
    const rows = await this.rows(this.pool, `SELECT id, brief, text FROM articles WHERE id = $1
      UNION ALL SELECT a.id, a.brief, a.text FROM duplicates d JOIN articles a ON a.id = d.duplicate_of WHERE d.id = $1 LIMIT 1`, [id]);
    const r = rows[0];
    return r ? { id: r.id as string, brief: briefFromRow(r.brief as string, r.text as string) } : null;
  }

  async listPeople(options: { limit?: number; offset?: number }): Promise<Page<PersonRow>> {
    const total = Number((await this.rows(this.pool, "SELECT count(*) AS n FROM entities WHERE type = 'PERSON'"))[0]!.n);
    const rows = await this.rows(this.pool, `SELECT e.name, e.article_count AS articles, e.quote_count AS quotes,
        ARRAY(SELECT DISTINCT role FROM article_entities WHERE eid = e.eid AND role IS NOT NULL LIMIT 20) AS roles
      FROM entities e WHERE e.type = 'PERSON' ORDER BY e.article_count DESC, e.quote_count DESC, e.name LIMIT $1 OFFSET $2`,
    [clampLimit(options.limit), clampOffset(options.offset)]);
    return { total, items: rows.map((r) => ({ name: r.name as string, articles: Number(r.articles), quotes: Number(r.quotes), roles: r.roles as string[] })) };
  }

  async getEntity(name: string, options: { limit?: number } = {}): Promise<EntityPage | null> {
    const limit = clampLimit(options.limit, 100);
    const ent = (await this.rows(this.pool, 'SELECT eid, name, type, article_count FROM entities WHERE norm = $1 ORDER BY article_count DESC LIMIT 1', [normalizeName(name)]))[0];
    if (!ent) return null;
    const eid = ent.eid;
    const roles = await this.rows(this.pool, `SELECT ae.role, ae.affiliation, a.day AS date, a.id AS "articleId" FROM article_entities ae JOIN articles a ON a.rid = ae.article_rid
      WHERE ae.eid = $1 ORDER BY a.day DESC NULLS LAST, a.rid DESC LIMIT $2`, [eid, limit]);
    const mentions = await this.rows(this.pool, `SELECT a.id AS "articleId", m.start_off AS start, m.end_off AS "end", m.text FROM mentions m JOIN articles a ON a.rid = m.article_rid
      WHERE m.eid = $1 ORDER BY m.article_rid DESC, m.start_off LIMIT $2`, [eid, limit]);
    const quotes = await this.rows(this.pool, `${QUOTE_SELECT} WHERE q.speaker_eid = $1 ORDER BY a.day DESC NULLS LAST, a.rid DESC, q.idx LIMIT $2`, [eid, limit]);
    const figures = await this.rows(this.pool, `SELECT a.id AS "articleId", f.text, f.value, f.unit, f.about, f.source, f.date, f.start_off AS start, f.end_off AS "end"
      FROM figures f JOIN articles a ON a.rid = f.article_rid
      WHERE f.article_rid IN (SELECT article_rid FROM article_entities WHERE eid = $1 ORDER BY article_rid DESC LIMIT $2) ORDER BY f.article_rid DESC, f.idx LIMIT $2`, [eid, limit]);
    const wants = await this.rows(this.pool, `SELECT a.id AS "articleId", w.actor_name AS "actorName", w.cue, w.text, w.start_off AS start, w.end_off AS "end"
      FROM wants w JOIN articles a ON a.rid = w.article_rid WHERE w.actor_eid = $1 ORDER BY w.article_rid DESC, w.idx LIMIT $2`, [eid, limit]);
    return {
      name: ent.name as string, type: ent.type as string, articles: Number(ent.article_count),
      roles: roles as unknown as EntityPage['roles'], mentions: mentions as unknown as EntityPage['mentions'], quotes: quotes as unknown as QuoteRow[],
      figures: figures as unknown as EntityPage['figures'], wants: wants as unknown as EntityPage['wants'],
    };
  }

  async quotesBySpeaker(options: { speaker?: string; limit?: number; offset?: number }): Promise<Page<QuoteRow>> {
    const limit = clampLimit(options.limit);
    const offset = clampOffset(options.offset);
    if (options.speaker) {
      const norm = normalizeName(options.speaker);
      const cond = 'WHERE q.speaker_eid IN (SELECT eid FROM entities WHERE norm = $1)';
      const total = Number((await this.rows(this.pool, `SELECT count(*) AS n FROM quotes q ${cond}`, [norm]))[0]!.n);
      const items = await this.rows(this.pool, `${QUOTE_SELECT} ${cond} ORDER BY a.day DESC NULLS LAST, a.rid DESC, q.idx LIMIT $2 OFFSET $3`, [norm, limit, offset]);
      return { total, items: items as unknown as QuoteRow[] };
    }
    const total = Number((await this.rows(this.pool, 'SELECT count(*) AS n FROM quotes'))[0]!.n);
    const items = await this.rows(this.pool, `${QUOTE_SELECT} ORDER BY a.rid DESC, q.idx LIMIT $1 OFFSET $2`, [limit, offset]);
    return { total, items: items as unknown as QuoteRow[] };
  }

  async graph(options: { from?: string; to?: string; limit?: number }): Promise<Graph> {
    const limit = clampLimit(options.limit, 100);
    const p = new Params();
    const dateCond: string[] = [];
    const from = dayBound(options.from);
    const to = dayUpper(options.to);
    if (from !== null) dateCond.push(`a.day >= ${p.push(from)}`);
    if (to !== null) dateCond.push(`a.day <= ${p.push(to)}`);
    // Drawn from the latest GRAPH_WINDOW articles in the range (as in SQLite).
    const window = `(SELECT rid FROM articles a ${dateCond.length > 0 ? `WHERE ${dateCond.join(' AND ')}` : ''} ORDER BY rid DESC LIMIT ${GRAPH_WINDOW})`;
    const nodeRows = await this.rows(this.pool, `SELECT e.eid, e.name, e.type, count(*) AS weight FROM article_entities x JOIN entities e ON e.eid = x.eid
      WHERE x.article_rid IN ${window} GROUP BY e.eid ORDER BY weight DESC, e.name LIMIT ${p.push(limit)}`, p.values);
    const e = new Params();
    for (const v of p.values.slice(0, dateCond.length)) e.push(v);
    const eventRange = dateCond.length > 0 ? `AND ev.article_rid IN (SELECT rid FROM articles a WHERE ${dateCond.join(' AND ')})` : '';
    const pairs = (await this.rows(this.pool, `SELECT ev.source_country AS s, ev.target_country AS t, count(*) AS n FROM events ev WHERE NOT ev.negated ${eventRange}
      GROUP BY ev.source_country, ev.target_country ORDER BY n DESC LIMIT ${e.push(MAX_EVENT_EDGES)}`, e.values)).map((r) => ({ s: r.s as string, t: r.t as string, n: Number(r.n) }));
    if (nodeRows.length === 0) return withEventEdges({ nodes: [], edges: [] }, pairs);
    const q = new Params();
    for (const v of p.values.slice(0, dateCond.length)) q.push(v);
    const ids = q.push(nodeRows.map((r) => Number(r.eid)));
    const edgeRows = await this.rows(this.pool, `SELECT x.eid AS s, y.eid AS t, count(*) AS weight FROM article_entities x JOIN article_entities y ON y.article_rid = x.article_rid AND y.eid > x.eid
      WHERE x.eid = ANY(${ids}::bigint[]) AND y.eid = ANY(${ids}::bigint[]) AND x.article_rid IN ${window} GROUP BY x.eid, y.eid ORDER BY weight DESC LIMIT ${q.push(limit * 10)}`, q.values);
    return withEventEdges({
      nodes: nodeRows.map((r) => ({ id: `e${String(r.eid)}`, label: r.name as string, type: r.type as string, weight: Number(r.weight) })),
      edges: edgeRows.map((r) => ({ source: `e${String(r.s)}`, target: `e${String(r.t)}`, kind: 'cooccurrence' as const, weight: Number(r.weight) })),
    }, pairs);
  }

  async eventsBetween(a: string, b: string, options: { limit?: number } = {}): Promise<EventRow[]> {
    const limit = clampLimit(options.limit, MAX_DYAD_EVENTS, MAX_DYAD_EVENTS);
    const rows = await this.rows(this.pool, `${EVENT_SELECT} WHERE (ev.source_country = $1 AND ev.target_country = $2) OR (ev.source_country = $2 AND ev.target_country = $1)
      ORDER BY ev.date NULLS LAST, a.rid, ev.idx LIMIT $3`, [a, b, limit]);
    return rows.map((r) => ({ ...(r as unknown as EventRow), quadClass: r.quadClass === null ? null : Number(r.quadClass), goldstein: r.goldstein === null ? null : Number(r.goldstein) }));
  }

  async *exportRows(table: ExportTable): AsyncIterable<Record<string, unknown>> {
    let after = -1;
    for (;;) {
      const rows = await this.rows(this.pool, EXPORT_SQL[table], [after, 1000]);
      if (rows.length === 0) return;
      for (const r of rows) {
        const { _rid, ...rest } = r;
        after = Number(_rid);
        yield rest;
      }
    }
  }

  async stats(): Promise<StoreStats> {
    const r = (await this.rows(this.pool, `SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM duplicates) AS duplicates,
      (SELECT count(*) FROM entities) AS entities, (SELECT count(*) FROM quotes) AS quotes, (SELECT count(*) FROM figures) AS figures`))[0]!;
    return { articles: Number(r.articles), duplicates: Number(r.duplicates), entities: Number(r.entities), quotes: Number(r.quotes), figures: Number(r.figures) };
  }

  // ---- the job queue -------------------------------------------------------------------------------

  /** Add article records as jobs (a key already queued is left alone). Returns how many were new. */
  async enqueue(records: readonly ArticleRecord[]): Promise<number> {
    if (records.length === 0) return 0;
    const r = await this.pool.query(`INSERT INTO jobs (ingest_key, payload) SELECT k, p FROM unnest($1::text[], $2::jsonb[]) AS t(k, p)
      ON CONFLICT (ingest_key) DO NOTHING`, [records.map((x) => x.key), records.map((x) => JSON.stringify(x))]);
    return r.rowCount ?? 0;
  }

  /** Claim one job (pending, or running with an expired lease) for `worker`; null when there is none. */
  async claim(worker: string, leaseSeconds: number): Promise<ClaimedJob | null> {
    return (await this.claimBatch(worker, leaseSeconds, 1))[0] ?? null;
  }

  /**
   * Claim up to `n` jobs for `worker` under a lease of `leaseSeconds`: jobs whose lease expired (their worker
   * died) first, then pending ones, oldest first. `FOR UPDATE SKIP LOCKED` keeps two workers from claiming the
   * same job; each half reads only its own rows of the (state, id) index, so a claim stays fast when most
   * of a long queue is done.
   */
  async claimBatch(worker: string, leaseSeconds: number, n: number): Promise<ClaimedJob[]> {
    const r = await this.rowsNamed(this.pool, `WITH expired AS (
        SELECT id FROM jobs WHERE state = 'running' AND lease_until < now() AND attempts < $3 ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED),
      pending AS (SELECT id FROM jobs WHERE state = 'pending' ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED),
      pick AS (SELECT id FROM expired UNION ALL SELECT id FROM pending LIMIT $4)
      UPDATE jobs j SET state = 'running', worker = $1, lease_until = now() + make_interval(secs => $2), attempts = j.attempts + 1
      FROM pick WHERE j.id = pick.id
      RETURNING j.id, j.attempts, j.payload`, [worker, leaseSeconds, MAX_JOB_ATTEMPTS, n]);
    return r.map((row) => ({ id: Number(row.id), attempts: Number(row.attempts), record: row.payload as ArticleRecord })).sort((a, b) => a.id - b.id);
  }

  /**
   * Extend the lease of jobs `worker` still holds (the worker's heartbeat while it explains them). Returns the
   * ids still held; a job missing from it was taken by another worker after its lease expired.
   */
  async renewLeases(worker: string, jobIds: readonly number[], leaseSeconds: number): Promise<Set<number>> {
    if (jobIds.length === 0) return new Set();
    const r = await this.rowsNamed(this.pool, `UPDATE jobs SET lease_until = now() + make_interval(secs => $3)
      WHERE id = ANY($1::bigint[]) AND worker = $2 AND state = 'running' RETURNING id`, [jobIds, worker, leaseSeconds]);
    return new Set(r.map((row) => Number(row.id)));
  }

  /** The keys among `keys` already stored (as articles or duplicates). */
  async storedKeys(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const r = await this.rowsNamed(this.pool, `SELECT ingest_key FROM articles WHERE ingest_key = ANY($1::text[])
      UNION ALL SELECT ingest_key FROM duplicates WHERE ingest_key = ANY($1::text[])`, [keys]);
    return new Set(r.map((row) => row.ingest_key as string));
  }

  /**
   * Finish a job: store the article (or record the failure) and mark the job done in one transaction,
   * only while `worker` still holds it. Returns null when the lease was lost (another worker took it).
   */
  async completeJob(jobId: number, worker: string, result: { article: NewArticle } | { failure: { code: string; message: string } }): Promise<StoreOutcome | null> {
    const prepared: PrepareResult = 'failure' in result
      ? { ok: false, ...result.failure }
      : { ok: true, article: prepareArticle(result.article, { nearDuplicates: this.nearDuplicates }) };
    return (await this.completeJobs(worker, [{ jobId, result: prepared }])).get(jobId) ?? null;
  }

  /**
   * Finish jobs in ONE transaction: lock the jobs `worker` still holds (a job whose lease was lost is left
   * alone: another worker has it, nothing of it is written here), store their articles in order, and mark them
   * done (or failed, with the reason). A kill at any moment leaves either all of it or none of it: the jobs
   * stay running, their leases expire, and another worker takes them. Returns each job's outcome; null for a
   * job no longer held.
   */
  async completeJobs(worker: string, items: readonly { jobId: number; result: PrepareResult }[]): Promise<Map<number, StoreOutcome | null>> {
    const out = new Map<number, StoreOutcome | null>(items.map((i) => [i.jobId, null]));
    if (items.length === 0) return out;
    await withIsolationRetry((isolate) => this.tx(async (c) => {
      const held = new Set((await this.rowsNamed(c, "SELECT id FROM jobs WHERE id = ANY($1::bigint[]) AND worker = $2 AND state = 'running' ORDER BY id FOR UPDATE",
        [items.map((i) => i.jobId), worker])).map((r) => Number(r.id)));
      const mine = items.filter((i) => held.has(i.jobId));
      const toStore = mine.filter((i): i is { jobId: number; result: { ok: true; article: PreparedArticle } } => i.result.ok);
      if (toStore.length > 0) await this.lockInserts(c);
      const stored = await this.insertAll(c, toStore.map((i) => i.result.article), isolate);
      const outcomes = new Map<number, StoreOutcome>(toStore.map((i, k) => [i.jobId, stored[k]!]));
      for (const i of mine) {
        if (!i.result.ok) outcomes.set(i.jobId, { status: 'failed', code: i.result.code, message: i.result.message });
      }
      const rows = mine.map((i) => {
        const o = outcomes.get(i.jobId)!;
        return o.status === 'failed' ? { id: i.jobId, state: 'failed', outcome: o.code, error: o.message } : { id: i.jobId, state: 'done', outcome: o.status, error: null };
      });
      if (rows.length > 0) {
        await this.exec(c, `UPDATE jobs j SET state = t.state, outcome = t.outcome, error = t.error, finished_at = now()
          FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS t(id, state, outcome, error) WHERE j.id = t.id`,
        [rows.map((r) => r.id), rows.map((r) => r.state), rows.map((r) => r.outcome), rows.map((r) => r.error)]);
      }
      for (const [id, o] of outcomes) out.set(id, o);
    }));
    return out;
  }

  /** Mark jobs done without storing anything (their keys were already stored). Returns how many were still held. */
  async skipJobs(jobIds: readonly number[], worker: string): Promise<number> {
    if (jobIds.length === 0) return 0;
    const r = await this.exec(this.pool, "UPDATE jobs SET state = 'done', outcome = 'exists', finished_at = now() WHERE id = ANY($1::bigint[]) AND worker = $2 AND state = 'running'",
      [jobIds, worker]);
    return r.rowCount ?? 0;
  }

  /** Give up jobs that were claimed MAX_JOB_ATTEMPTS times without finishing (marked failed). */
  async failStuckJobs(): Promise<number> {
    const r = await this.pool.query(`UPDATE jobs SET state = 'failed', outcome = 'GAVE_UP', error = 'Claimed ${MAX_JOB_ATTEMPTS} times without finishing (its workers died).', finished_at = now()
      WHERE state = 'running' AND lease_until < now() AND attempts >= $1`, [MAX_JOB_ATTEMPTS]);
    return r.rowCount ?? 0;
  }

  async queueStatus(): Promise<QueueStatus> {
    const rows = await this.rows(this.pool, 'SELECT state, count(*) AS n FROM jobs GROUP BY state');
    const s: QueueStatus = { pending: 0, running: 0, done: 0, failed: 0 };
    for (const r of rows) if (r.state as string in s) s[r.state as keyof QueueStatus] = Number(r.n);
    return s;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The stored keys (kind k), content hashes (kind h) and LSH bucket members (kind l) a batch needs to decide its duplicates. */
const READ_BATCH_SQL = `SELECT 'k' AS kind, ingest_key AS k, id, NULL::int AS band, NULL::int AS bucket, NULL::bytea AS signature FROM articles WHERE ingest_key = ANY($1::text[])
  UNION ALL SELECT 'k', ingest_key, id, NULL, NULL, NULL FROM duplicates WHERE ingest_key = ANY($1::text[])
  UNION ALL SELECT 'h', content_hash, id, NULL, NULL, NULL FROM articles WHERE content_hash = ANY($2::text[])
  UNION ALL SELECT 'l', NULL, a.id, l.band, l.bucket, a.signature FROM lsh l JOIN articles a ON a.rid = l.article_rid
    WHERE (l.band, l.bucket) IN (SELECT DISTINCT * FROM unnest($3::int[], $4::int[]))`;

/**
 * Every row of a batch in one statement (data-modifying WITH queries: one round trip). Per-article rows name
 * their article by id and their entities by (type, normalised name); the joins with the inserted articles (a) and
 * the upserted entities (e) give the row ids. An entity's article and quote counters are added in its upsert
 * (a row may be changed once per statement). Foreign keys are checked at the end of the statement, when the
 * articles of the batch exist.
 */
const WRITE_BATCH_SQL = `WITH a AS (
    INSERT INTO articles (id, ingest_key, source, url, title, published_at, day, content_hash, signature, text, brief)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bytea[], $10::text[], $11::text[])
    RETURNING rid, id),
  e AS (
    INSERT INTO entities (type, name, norm, article_count, quote_count) SELECT * FROM unnest($12::text[], $13::text[], $14::text[], $15::int[], $16::int[])
    ON CONFLICT (norm, type) DO UPDATE SET article_count = entities.article_count + EXCLUDED.article_count, quote_count = entities.quote_count + EXCLUDED.quote_count
    RETURNING eid, type, norm),
  l AS (
    INSERT INTO lsh (band, bucket, article_rid) SELECT x.band, x.bucket, a.rid FROM unnest($17::text[], $18::int[], $19::int[]) AS x(aid, band, bucket)
    JOIN a ON a.id = x.aid ON CONFLICT DO NOTHING),
  ae AS (
    INSERT INTO article_entities (article_rid, eid, local_id, role, affiliation, country, mention_count)
    SELECT a.rid, e.eid, x.local_id, x.role, x.affiliation, x.country, x.n
    FROM unnest($20::text[], $21::text[], $22::text[], $23::text[], $24::text[], $25::text[], $26::text[], $27::int[]) AS x(aid, type, norm, local_id, role, affiliation, country, n)
    JOIN a ON a.id = x.aid JOIN e ON e.type = x.type AND e.norm = x.norm),
  m AS (
    INSERT INTO mentions (article_rid, eid, start_off, end_off, text) SELECT a.rid, e.eid, x.s, x.e, x.t
    FROM unnest($28::text[], $29::text[], $30::text[], $31::int[], $32::int[], $33::text[]) AS x(aid, type, norm, s, e, t)
    JOIN a ON a.id = x.aid JOIN e ON e.type = x.type AND e.norm = x.norm),
  q AS (
    INSERT INTO quotes (article_rid, idx, speaker_eid, speaker_name, text, kind, start_off, end_off, cue)
    SELECT a.rid, x.idx, e.eid, x.name, x.text, x.kind, x.s, x.e, x.cue
    FROM unnest($34::text[], $35::int[], $36::text[], $37::text[], $38::text[], $39::text[], $40::text[], $41::int[], $42::int[], $43::text[])
      AS x(aid, idx, type, norm, name, text, kind, s, e, cue)
    JOIN a ON a.id = x.aid LEFT JOIN e ON e.type = x.type AND e.norm = x.norm),
  f AS (
    INSERT INTO figures (article_rid, idx, value, unit, about, source, date, text, start_off, end_off)
    SELECT a.rid, x.idx, x.value, x.unit, x.about, x.source, x.date, x.text, x.s, x.e
    FROM unnest($44::text[], $45::int[], $46::float8[], $47::text[], $48::text[], $49::text[], $50::text[], $51::text[], $52::int[], $53::int[])
      AS x(aid, idx, value, unit, about, source, date, text, s, e)
    JOIN a ON a.id = x.aid),
  w AS (
    INSERT INTO wants (article_rid, idx, actor_eid, actor_name, cue, text, start_off, end_off)
    SELECT a.rid, x.idx, e.eid, x.name, x.cue, x.text, x.s, x.e
    FROM unnest($54::text[], $55::int[], $56::text[], $57::text[], $58::text[], $59::text[], $60::text[], $61::int[], $62::int[]) AS x(aid, idx, type, norm, name, cue, text, s, e)
    JOIN a ON a.id = x.aid LEFT JOIN e ON e.type = x.type AND e.norm = x.norm),
  t AS (
    INSERT INTO timeline (article_rid, idx, date, date_text, text, relative, start_off, end_off)
    SELECT a.rid, x.idx, x.date, x.date_text, x.text, x.relative, x.s, x.e
    FROM unnest($63::text[], $64::int[], $65::text[], $66::text[], $67::text[], $68::bool[], $69::int[], $70::int[]) AS x(aid, idx, date, date_text, text, relative, s, e)
    JOIN a ON a.id = x.aid),
  ev AS (
    INSERT INTO events (article_rid, idx, source_code, target_code, source_country, target_country, source_name, target_name, code, root,
      quad_class, goldstein, negated, modality, date, text, start_off, end_off)
    SELECT a.rid, x.idx, x.sc, x.tc, x.scn, x.tcn, x.sn, x.tn, x.code, x.root, x.quad, x.gold, x.neg, x.modality, x.date, x.text, x.s, x.e
    FROM unnest($71::text[], $72::int[], $73::text[], $74::text[], $75::text[], $76::text[], $77::text[], $78::text[], $79::text[], $80::text[],
      $81::int[], $82::float8[], $83::bool[], $84::text[], $85::text[], $86::text[], $87::int[], $88::int[])
      AS x(aid, idx, sc, tc, scn, tcn, sn, tn, code, root, quad, gold, neg, modality, date, text, s, e)
    JOIN a ON a.id = x.aid)
  INSERT INTO duplicates (ingest_key, id, duplicate_of, kind, similarity, source, url, title, published_at)
  SELECT * FROM unnest($89::text[], $90::text[], $91::text[], $92::text[], $93::float8[], $94::text[], $95::text[], $96::text[], $97::text[])`;

/** The parameters of WRITE_BATCH_SQL: the new articles' rows as columns, and the duplicates' links. */
function writeBatchParams(stored: readonly PreparedArticle[], dups: readonly { prep: PreparedArticle; kind: string; of: string; sim: number }[]): unknown[] {
  const col = <T, V>(xs: readonly T[], f: (x: T) => V): V[] => xs.map(f);
  const keyOf = (type: string, norm: string): string => `${type}\u0000${norm}`;
  // Entities: the batch's distinct (type, normalised name) pairs, sorted (one lock order for concurrent writers),
  // each article's entity counting as one article, each attributed quote as one quote (as one upsert per row would).
  const distinct = new Map<string, { type: string; name: string; norm: string; n: number; quotes: number }>();
  for (const p of stored) {
    for (const e of p.entities) {
      const d = distinct.get(keyOf(e.type, e.norm));
      if (d) d.n++;
      else distinct.set(keyOf(e.type, e.norm), { type: e.type, name: e.name, norm: e.norm, n: 1, quotes: 0 });
    }
  }
  const entityOf = (p: PreparedArticle, local: string | null): { type: string | null; norm: string | null } => {
    const e = local === null ? undefined : p.entities.find((x) => x.localId === local);
    return e === undefined ? { type: null, norm: null } : { type: e.type, norm: e.norm };
  };
  const quotes = stored.flatMap((p) => p.quotes.map((q) => ({ aid: p.id, ent: entityOf(p, q.speakerLocal), q })));
  for (const x of quotes) if (x.ent.type !== null) distinct.get(keyOf(x.ent.type, x.ent.norm!))!.quotes++;
  const ds = [...distinct.values()].sort((x, y) => (x.norm < y.norm ? -1 : x.norm > y.norm ? 1 : x.type < y.type ? -1 : x.type > y.type ? 1 : 0));
  const lsh = stored.flatMap((p) => p.bands.map((bucket, band) => ({ aid: p.id, band, bucket })));
  const ents = stored.flatMap((p) => p.entities.map((e) => ({ aid: p.id, e })));
  const ms = ents.flatMap((x) => x.e.mentions.map((m) => ({ aid: x.aid, type: x.e.type, norm: x.e.norm, m })));
  const figures = stored.flatMap((p) => p.figures.map((f) => ({ aid: p.id, f })));
  const wants = stored.flatMap((p) => p.wants.map((w) => ({ aid: p.id, ent: entityOf(p, w.actorLocal), w })));
  const timeline = stored.flatMap((p) => p.timeline.map((t) => ({ aid: p.id, t })));
  const events = stored.flatMap((p) => p.events.map((e) => ({ aid: p.id, e })));
  return [
    col(stored, (p) => p.id), col(stored, (p) => p.key), col(stored, (p) => p.source), col(stored, (p) => p.url), col(stored, (p) => p.title),
    col(stored, (p) => p.publishedAt), col(stored, (p) => p.day), col(stored, (p) => p.hash),
    col(stored, (p) => (p.signature.length > 0 ? signatureToBuffer(p.signature) : null)), col(stored, (p) => p.text), col(stored, (p) => p.briefJson),
    col(ds, (d) => d.type), col(ds, (d) => d.name), col(ds, (d) => d.norm), col(ds, (d) => d.n), col(ds, (d) => d.quotes),
    col(lsh, (l) => l.aid), col(lsh, (l) => l.band), col(lsh, (l) => l.bucket),
    col(ents, (x) => x.aid), col(ents, (x) => x.e.type), col(ents, (x) => x.e.norm), col(ents, (x) => x.e.localId), col(ents, (x) => x.e.role),
    col(ents, (x) => x.e.affiliation), col(ents, (x) => x.e.country), col(ents, (x) => x.e.mentions.length),
    col(ms, (x) => x.aid), col(ms, (x) => x.type), col(ms, (x) => x.norm), col(ms, (x) => x.m.start), col(ms, (x) => x.m.end), col(ms, (x) => x.m.text),
    col(quotes, (x) => x.aid), col(quotes, (x) => x.q.idx), col(quotes, (x) => x.ent.type), col(quotes, (x) => x.ent.norm), col(quotes, (x) => x.q.speakerName),
    col(quotes, (x) => x.q.text), col(quotes, (x) => x.q.kind), col(quotes, (x) => x.q.start), col(quotes, (x) => x.q.end), col(quotes, (x) => x.q.cue),
    col(figures, (x) => x.aid), col(figures, (x) => x.f.idx), col(figures, (x) => x.f.value), col(figures, (x) => x.f.unit), col(figures, (x) => x.f.about),
    col(figures, (x) => x.f.source), col(figures, (x) => x.f.date), col(figures, (x) => x.f.text), col(figures, (x) => x.f.start), col(figures, (x) => x.f.end),
    col(wants, (x) => x.aid), col(wants, (x) => x.w.idx), col(wants, (x) => x.ent.type), col(wants, (x) => x.ent.norm), col(wants, (x) => x.w.actorName),
    col(wants, (x) => x.w.cue), col(wants, (x) => x.w.text), col(wants, (x) => x.w.start), col(wants, (x) => x.w.end),
    col(timeline, (x) => x.aid), col(timeline, (x) => x.t.idx), col(timeline, (x) => x.t.date), col(timeline, (x) => x.t.dateText), col(timeline, (x) => x.t.text),
    col(timeline, (x) => x.t.relative), col(timeline, (x) => x.t.start), col(timeline, (x) => x.t.end),
    col(events, (x) => x.aid), col(events, (x) => x.e.idx), col(events, (x) => x.e.sourceCode), col(events, (x) => x.e.targetCode), col(events, (x) => x.e.sourceCountry),
    col(events, (x) => x.e.targetCountry), col(events, (x) => x.e.sourceName), col(events, (x) => x.e.targetName), col(events, (x) => x.e.code), col(events, (x) => x.e.root),
    col(events, (x) => x.e.quadClass), col(events, (x) => x.e.goldstein), col(events, (x) => x.e.negated), col(events, (x) => x.e.modality), col(events, (x) => x.e.date),
    col(events, (x) => x.e.text), col(events, (x) => x.e.start), col(events, (x) => x.e.end),
    col(dups, (d) => d.prep.key), col(dups, (d) => d.prep.id), col(dups, (d) => d.of), col(dups, (d) => d.kind), col(dups, (d) => d.sim),
    col(dups, (d) => d.prep.source), col(dups, (d) => d.prep.url), col(dups, (d) => d.prep.title), col(dups, (d) => d.prep.publishedAt),
  ];
}

const QUOTE_SELECT = `SELECT a.id AS "articleId", a.day AS date, a.source AS outlet, a.title, q.speaker_name AS "speakerName",
  ae.role, ae.affiliation, q.text, q.kind, q.start_off AS start, q.end_off AS "end"
  FROM quotes q JOIN articles a ON a.rid = q.article_rid
  LEFT JOIN article_entities ae ON ae.article_rid = q.article_rid AND ae.eid = q.speaker_eid`;

const EXPORT_SQL: Record<ExportTable, string> = {
  articles: 'SELECT rid AS _rid, id, source, url, title, published_at AS "publishedAt", text FROM articles WHERE rid > $1 ORDER BY rid LIMIT $2',
  entities: `SELECT ae.xid AS _rid, a.id AS "articleId", e.name, e.type, ae.role, ae.affiliation, ae.country, ae.mention_count AS mentions
    FROM article_entities ae JOIN articles a ON a.rid = ae.article_rid JOIN entities e ON e.eid = ae.eid WHERE ae.xid > $1 ORDER BY ae.xid LIMIT $2`,
  quotes: `SELECT q.xid AS _rid, a.id AS "articleId", q.speaker_name AS "speakerName", ae.role, ae.affiliation, q.kind, q.text, q.start_off AS start, q.end_off AS "end"
    FROM quotes q JOIN articles a ON a.rid = q.article_rid LEFT JOIN article_entities ae ON ae.article_rid = q.article_rid AND ae.eid = q.speaker_eid
    WHERE q.xid > $1 ORDER BY q.xid LIMIT $2`,
  figures: `SELECT f.xid AS _rid, a.id AS "articleId", f.value, f.unit, f.about, f.source, f.date, f.text, f.start_off AS start, f.end_off AS "end"
    FROM figures f JOIN articles a ON a.rid = f.article_rid WHERE f.xid > $1 ORDER BY f.xid LIMIT $2`,
  events: `SELECT ev.xid AS _rid, a.id AS "articleId", ev.idx, ev.date, ev.source_code AS "sourceCode", ev.target_code AS "targetCode", ev.source_name AS "sourceName",
    ev.target_name AS "targetName", ev.code, ev.root, ev.quad_class AS "quadClass", ev.goldstein, ev.negated, ev.modality, ev.text,
    ev.start_off AS start, ev.end_off AS "end", a.source AS outlet, a.url
    FROM events ev JOIN articles a ON a.rid = ev.article_rid WHERE ev.xid > $1 ORDER BY ev.xid LIMIT $2`,
};

const EVENT_SELECT = `SELECT a.id AS "articleId", ev.date, ev.source_code AS "sourceCode", ev.target_code AS "targetCode", ev.source_name AS "sourceName",
  ev.target_name AS "targetName", ev.code, ev.root, ev.quad_class AS "quadClass", ev.goldstein, ev.negated, ev.modality, ev.text,
  ev.start_off AS start, ev.end_off AS "end", a.source AS outlet, a.url
  FROM events ev JOIN articles a ON a.rid = ev.article_rid`;

/**
 * Write a batch without savepoints (the common case: fewest round trips); when that fails, write it again
 * with a savepoint per article so that one bad article does not fail the others.
 */
async function withIsolationRetry<T>(run: (isolate: boolean) => Promise<T>): Promise<T> {
  try {
    return await run(false);
  } catch {
    return run(true);
  }
}

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  return PostgresStore.open(url, options);
}

/** A worker id unique across machines and processes: host, pid and a random suffix. */
export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}
