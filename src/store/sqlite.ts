/**
 * The embedded corpus store: one SQLite file (better-sqlite3), WAL journal, FTS5 full-text index.
 *
 * Crash safety: every article (its row, search index entry, entities, mentions, quotes, figures, wants,
 * timeline, LSH buckets) is written inside one IMMEDIATE transaction (ingest writes a batch of articles
 * per transaction: one commit and one full-text index segment per batch, not per article); SQLite's WAL makes a transaction all or
 * nothing even when the process is killed (kill -9) in the middle of it. The ingest key is UNIQUE in
 * `articles` and `duplicates`, so a record is stored once however often it is ingested.
 *
 * @example
 * const store = openSqliteStore('news.db');
 * await store.addArticle({ key: 'file:/x.txt', source: null, url: null, title: null, publishedAt: null, brief });
 * (await store.searchArticles({ q: 'power grid' })).items;
 */
import Database from 'better-sqlite3';
import type { Brief } from '../brief/schema.js';
import { NEAR_DUPLICATE_THRESHOLD, signatureFromBuffer, signatureSimilarity, signatureToBuffer } from './dedup.js';
import { briefFromRow, normalizeName, prepareArticle, type PreparedArticle } from './rows.js';
import { dayBound, dayUpper, ftsQuery } from './sql-common.js';
import { MAX_EVENT_EDGES, withEventEdges } from './relations.js';
import { GRAPH_WINDOW } from './limits.js';
import {
  clampLimit, clampOffset, MAX_DYAD_EVENTS, type AddOutcome, type ArticleListItem, type ArticleQuery, type CorpusStore, type EntityPage, type EventRow,
  type ExportTable, type Graph, type NewArticle, type Page, type PersonRow, type QuoteRow, type StoreOutcome, type StoreStats,
} from './types.js';

export const SQLITE_SCHEMA_VERSION = 1;
/** Searches matching more articles than this list the newest stored first rather than ranking every match (BM25). */
export const RANK_MAX_MATCHES = 2000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  ingest_key TEXT NOT NULL UNIQUE,
  source TEXT, url TEXT, title TEXT, published_at TEXT, day TEXT,
  content_hash TEXT NOT NULL UNIQUE,
  signature BLOB,
  text TEXT NOT NULL,
  brief TEXT NOT NULL,
  ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_day ON articles(day);
DROP INDEX IF EXISTS articles_source;
CREATE INDEX IF NOT EXISTS articles_source_day ON articles(source COLLATE NOCASE, day);
-- The filter columns by row id: a search's matches are checked against outlet and date filters here, not in the
-- wide article rows (text, brief), which is ten times faster on a large corpus.
CREATE INDEX IF NOT EXISTS articles_filters ON articles(rid, day, source COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS duplicates (
  ingest_key TEXT PRIMARY KEY,
  id TEXT NOT NULL,
  duplicate_of TEXT NOT NULL REFERENCES articles(id),
  kind TEXT NOT NULL,
  similarity REAL NOT NULL,
  source TEXT, url TEXT, title TEXT, published_at TEXT,
  ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS duplicates_of ON duplicates(duplicate_of);
CREATE TABLE IF NOT EXISTS lsh (band INTEGER NOT NULL, bucket INTEGER NOT NULL, article_rid INTEGER NOT NULL, PRIMARY KEY (band, bucket, article_rid)) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, text, content='articles', content_rowid='rid', tokenize='unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS entities (
  eid INTEGER PRIMARY KEY,
  type TEXT NOT NULL, name TEXT NOT NULL, norm TEXT NOT NULL,
  article_count INTEGER NOT NULL DEFAULT 0, quote_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (norm, type)
);
CREATE INDEX IF NOT EXISTS entities_rank ON entities(type, article_count DESC);
CREATE TABLE IF NOT EXISTS article_entities (
  article_rid INTEGER NOT NULL REFERENCES articles(rid), eid INTEGER NOT NULL REFERENCES entities(eid), local_id TEXT NOT NULL,
  role TEXT, affiliation TEXT, country TEXT, mention_count INTEGER NOT NULL,
  PRIMARY KEY (article_rid, local_id)
);
CREATE INDEX IF NOT EXISTS article_entities_eid ON article_entities(eid, article_rid);
CREATE TABLE IF NOT EXISTS mentions (article_rid INTEGER NOT NULL, eid INTEGER NOT NULL, start_off INTEGER NOT NULL, end_off INTEGER NOT NULL, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS mentions_eid ON mentions(eid, article_rid);
CREATE TABLE IF NOT EXISTS quotes (
  article_rid INTEGER NOT NULL, idx INTEGER NOT NULL, speaker_eid INTEGER, speaker_name TEXT, text TEXT NOT NULL, kind TEXT NOT NULL,
  start_off INTEGER, end_off INTEGER, cue TEXT, PRIMARY KEY (article_rid, idx)
);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_eid);
CREATE TABLE IF NOT EXISTS figures (
  article_rid INTEGER NOT NULL, idx INTEGER NOT NULL, value REAL NOT NULL, unit TEXT NOT NULL, about TEXT, source TEXT, date TEXT,
  text TEXT NOT NULL, start_off INTEGER, end_off INTEGER, PRIMARY KEY (article_rid, idx)
);
CREATE TABLE IF NOT EXISTS wants (
  article_rid INTEGER NOT NULL, idx INTEGER NOT NULL, actor_eid INTEGER, actor_name TEXT, cue TEXT NOT NULL, text TEXT NOT NULL,
  start_off INTEGER, end_off INTEGER, PRIMARY KEY (article_rid, idx)
);
CREATE INDEX IF NOT EXISTS wants_actor ON wants(actor_eid);
CREATE TABLE IF NOT EXISTS timeline (
  article_rid INTEGER NOT NULL, idx INTEGER NOT NULL, date TEXT, date_text TEXT NOT NULL, text TEXT NOT NULL, relative INTEGER NOT NULL,
  start_off INTEGER, end_off INTEGER, PRIMARY KEY (article_rid, idx)
);
CREATE INDEX IF NOT EXISTS timeline_date ON timeline(date);
CREATE TABLE IF NOT EXISTS events (
  article_rid INTEGER NOT NULL, idx INTEGER NOT NULL, source_code TEXT NOT NULL, target_code TEXT NOT NULL,
  source_country TEXT NOT NULL, target_country TEXT NOT NULL, source_name TEXT, target_name TEXT,
  code TEXT NOT NULL, root TEXT NOT NULL, quad_class INTEGER, goldstein REAL, negated INTEGER NOT NULL, modality TEXT NOT NULL,
  date TEXT, text TEXT NOT NULL, start_off INTEGER, end_off INTEGER, PRIMARY KEY (article_rid, idx)
);
CREATE INDEX IF NOT EXISTS events_dyad ON events(source_country, target_country);
`;

export interface SqliteStoreOptions {
  /** Check for near duplicates (MinHash + LSH) on insert (default true). The bench's synthetic corpus turns it off. */
  nearDuplicates?: boolean;
  readonly?: boolean;
}

type Row = Record<string, unknown>;

const EXPORT_BATCH = 1000;

export class SqliteStore implements CorpusStore {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;
  readonly nearDuplicates: boolean;
  private readonly insertTx: (p: PreparedArticle) => AddOutcome;
  private readonly insertOne: (p: PreparedArticle) => AddOutcome;
  private readonly batchTx: (ps: readonly PreparedArticle[]) => StoreOutcome[];
  private readonly stmt: Record<string, Database.Statement>;
  /** The articles_filters index exists (a read-only database made by an older version may lack it). */
  private readonly hasFilterIndex: boolean;

  constructor(file: string, options: SqliteStoreOptions = {}) {
    this.db = new Database(file, { readonly: options.readonly === true, timeout: 10_000 });
    this.nearDuplicates = options.nearDuplicates !== false;
    if (options.readonly !== true) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.exec(SCHEMA);
      this.db.prepare("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)").run(String(SQLITE_SCHEMA_VERSION));
    }
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('cache_size = -65536');
    this.hasFilterIndex = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'articles_filters'").get() !== undefined;
    const p = (sql: string): Database.Statement => this.db.prepare(sql);
    this.stmt = {
      keyArticle: p('SELECT id FROM articles WHERE ingest_key = ?'),
      keyDuplicate: p('SELECT id FROM duplicates WHERE ingest_key = ?'),
      byHash: p('SELECT id FROM articles WHERE content_hash = ?'),
      lshCandidates: p('SELECT DISTINCT article_rid FROM lsh WHERE band = ? AND bucket = ?'),
      signature: p('SELECT id, signature FROM articles WHERE rid = ?'),
      insertArticle: p(`INSERT INTO articles (id, ingest_key, source, url, title, published_at, day, content_hash, signature, text, brief, ingested_at)
        VALUES (@id, @key, @source, @url, @title, @publishedAt, @day, @hash, @signature, @text, @briefJson, @now)`),
      insertFts: p('INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)'),
      insertLsh: p('INSERT OR IGNORE INTO lsh (band, bucket, article_rid) VALUES (?, ?, ?)'),
      insertDuplicate: p(`INSERT INTO duplicates (ingest_key, id, duplicate_of, kind, similarity, source, url, title, published_at, ingested_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      upsertEntity: p(`INSERT INTO entities (type, name, norm, article_count) VALUES (?, ?, ?, 1)
        ON CONFLICT (norm, type) DO UPDATE SET article_count = article_count + 1 RETURNING eid`),
      bumpQuotes: p('UPDATE entities SET quote_count = quote_count + ? WHERE eid = ?'),
      insertArticleEntity: p('INSERT INTO article_entities (article_rid, eid, local_id, role, affiliation, country, mention_count) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      insertMention: p('INSERT INTO mentions (article_rid, eid, start_off, end_off, text) VALUES (?, ?, ?, ?, ?)'),
      insertQuote: p('INSERT INTO quotes (article_rid, idx, speaker_eid, speaker_name, text, kind, start_off, end_off, cue) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      insertFigure: p('INSERT INTO figures (article_rid, idx, value, unit, about, source, date, text, start_off, end_off) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      insertWant: p('INSERT INTO wants (article_rid, idx, actor_eid, actor_name, cue, text, start_off, end_off) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      insertTimeline: p('INSERT INTO timeline (article_rid, idx, date, date_text, text, relative, start_off, end_off) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      insertEvent: p(`INSERT INTO events (article_rid, idx, source_code, target_code, source_country, target_country, source_name, target_name, code, root,
        quad_class, goldstein, negated, modality, date, text, start_off, end_off) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    };
    const one = this.db.transaction((prep: PreparedArticle) => this.insertPrepared(prep));
    this.insertTx = one.immediate as unknown as (p: PreparedArticle) => AddOutcome;
    // Inside the batch transaction each article is a savepoint: one that fails is rolled back alone.
    this.insertOne = one as unknown as (p: PreparedArticle) => AddOutcome;
    this.batchTx = this.db.transaction((preps: readonly PreparedArticle[]) => preps.map((prep): StoreOutcome => {
      try {
        return this.insertOne(prep);
      } catch (e) {
        return { status: 'failed', code: 'IO_ERROR', message: `Cannot store the article: ${(e as Error).message}.` };
      }
    })).immediate as unknown as (ps: readonly PreparedArticle[]) => StoreOutcome[];
  }

  private existing(key: string): { id: string } | undefined {
    return (this.stmt.keyArticle!.get(key) ?? this.stmt.keyDuplicate!.get(key)) as { id: string } | undefined;
  }

  async hasKey(key: string): Promise<boolean> {
    return this.existing(key) !== undefined;
  }

  async addArticle(article: NewArticle): Promise<AddOutcome> {
    const prep = prepareArticle(article, { nearDuplicates: this.nearDuplicates });
    return this.insertTx(prep);
  }

  async addPrepared(articles: readonly PreparedArticle[]): Promise<StoreOutcome[]> {
    if (articles.length === 0) return [];
    return this.batchTx(articles);
  }

  /** Synchronous insert (inside the transaction). */
  private insertPrepared(prep: PreparedArticle): AddOutcome {
    const now = new Date().toISOString();
    const seen = this.existing(prep.key);
    if (seen) return { status: 'exists', id: seen.id };
    const dupRow = (kind: string, of: string, similarity: number): void => {
      this.stmt.insertDuplicate!.run(prep.key, prep.id, of, kind, similarity, prep.source, prep.url, prep.title, prep.publishedAt, now);
    };
    const same = this.stmt.byHash!.get(prep.hash) as { id: string } | undefined;
    if (same) {
      dupRow('exact', same.id, 1);
      return { status: 'duplicate', id: prep.id, duplicateOf: same.id };
    }
    if (this.nearDuplicates) {
      const checked = new Set<number>();
      let best: { id: string; sim: number } | null = null;
      prep.bands.forEach((bucket, band) => {
        for (const row of this.stmt.lshCandidates!.all(band, bucket) as { article_rid: number }[]) {
          if (checked.has(row.article_rid)) continue;
          checked.add(row.article_rid);
          const cand = this.stmt.signature!.get(row.article_rid) as { id: string; signature: Buffer | null } | undefined;
          if (!cand?.signature) continue;
          const sim = signatureSimilarity(prep.signature, signatureFromBuffer(cand.signature));
          if (sim >= NEAR_DUPLICATE_THRESHOLD && (best === null || sim > best.sim)) best = { id: cand.id, sim };
        }
      });
      if (best !== null) {
        const b = best as { id: string; sim: number };
        dupRow('near', b.id, b.sim);
        return { status: 'near-duplicate', id: prep.id, duplicateOf: b.id, similarity: b.sim };
      }
    }
    const info = this.stmt.insertArticle!.run({
      ...prep, signature: prep.signature.length > 0 ? signatureToBuffer(prep.signature) : null, now,
    });
    const rid = Number(info.lastInsertRowid);
    this.stmt.insertFts!.run(rid, prep.title ?? '', prep.text);
    prep.bands.forEach((bucket, band) => this.stmt.insertLsh!.run(band, bucket, rid));
    const eidByLocal = new Map<string, number>();
    for (const e of prep.entities) {
      const { eid } = this.stmt.upsertEntity!.get(e.type, e.name, e.norm) as { eid: number };
      eidByLocal.set(e.localId, eid);
      this.stmt.insertArticleEntity!.run(rid, eid, e.localId, e.role, e.affiliation, e.country, e.mentions.length);
      for (const m of e.mentions) this.stmt.insertMention!.run(rid, eid, m.start, m.end, m.text);
    }
    const quotesBySpeaker = new Map<number, number>();
    for (const q of prep.quotes) {
      const eid = q.speakerLocal === null ? null : (eidByLocal.get(q.speakerLocal) ?? null);
      if (eid !== null) quotesBySpeaker.set(eid, (quotesBySpeaker.get(eid) ?? 0) + 1);
      this.stmt.insertQuote!.run(rid, q.idx, eid, q.speakerName, q.text, q.kind, q.start, q.end, q.cue);
    }
    for (const [eid, n] of quotesBySpeaker) this.stmt.bumpQuotes!.run(n, eid);
    for (const f of prep.figures) this.stmt.insertFigure!.run(rid, f.idx, f.value, f.unit, f.about, f.source, f.date, f.text, f.start, f.end);
    for (const w of prep.wants) {
      const eid = w.actorLocal === null ? null : (eidByLocal.get(w.actorLocal) ?? null);
      this.stmt.insertWant!.run(rid, w.idx, eid, w.actorName, w.cue, w.text, w.start, w.end);
    }
    for (const t of prep.timeline) this.stmt.insertTimeline!.run(rid, t.idx, t.date, t.dateText, t.text, t.relative ? 1 : 0, t.start, t.end);
    for (const e of prep.events) {
      this.stmt.insertEvent!.run(rid, e.idx, e.sourceCode, e.targetCode, e.sourceCountry, e.targetCountry, e.sourceName, e.targetName, e.code, e.root,
        e.quadClass, e.goldstein, e.negated ? 1 : 0, e.modality, e.date, e.text, e.start, e.end);
    }
    return { status: 'ingested', id: prep.id };
  }

  async searchArticles(query: ArticleQuery): Promise<Page<ArticleListItem>> {
    const limit = clampLimit(query.limit);
    const offset = clampOffset(query.offset);
    const where: string[] = [];
    const params: unknown[] = [];
    const match = query.q ? ftsQuery(query.q) : null;
    if (query.q && match === null) return { total: 0, items: [] };
    const from = dayBound(query.from);
    const to = dayUpper(query.to);
    if (from !== null) { where.push('a.day >= ?'); params.push(from); }
    if (to !== null) { where.push('a.day <= ?'); params.push(to); }
    if (query.outlet) { where.push('a.source = ? COLLATE NOCASE'); params.push(query.outlet); }
    if (query.entity) {
      where.push('a.rid IN (SELECT ae.article_rid FROM article_entities ae JOIN entities e ON e.eid = ae.eid WHERE e.norm = ?)');
      params.push(normalizeName(query.entity));
    }
    const cols = 'a.id, a.title, a.source, a.published_at AS publishedAt, a.url';
    let total: number;
    let rows: Row[];
    if (match !== null && where.length === 0) {
      const fromSql = 'FROM articles_fts JOIN articles a ON a.rid = articles_fts.rowid';
      // The count reads the index alone (joining every match to its row is what costs).
      total = (this.db.prepare('SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH ?').get(match) as { n: number }).n;
      // Ranking computes a score for every match: past RANK_MAX_MATCHES the newest articles come first instead.
      const order = total <= RANK_MAX_MATCHES ? 'rank' : 'articles_fts.rowid DESC';
      rows = this.db.prepare(`SELECT ${cols}, snippet(articles_fts, 1, '«', '»', '…', 16) AS snippet ${fromSql} WHERE articles_fts MATCH ? ORDER BY ${order} LIMIT ? OFFSET ?`)
        .all(match, limit, offset) as Row[];
    } else if (match !== null) {
      ({ total, rows } = this.searchFiltered(match, where, params, limit, offset));
    } else {
      const cond = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      total = (this.db.prepare(`SELECT count(*) AS n FROM articles a ${cond}`).get(...params) as { n: number }).n;
      rows = this.db.prepare(`SELECT ${cols} FROM articles a ${cond} ORDER BY a.day DESC, a.rid DESC LIMIT ? OFFSET ?`).all(...params, limit, offset) as Row[];
    }
    return { total, items: rows.map(toListItem) };
  }

  /**
   * Full-text search with filters. The matches drive: each is checked against the filters in the narrow
   * articles_filters index (outlet, day by row id) rather than in the wide article rows, and an entity filter is
   * one set built once. Up to RANK_MAX_MATCHES filtered matches are ranked (BM25, scored in one pass over the
   * word's matches, about a microsecond each; scoring only the filtered ones would cost a pass over the word's
   * whole posting list per article), past it the newest come first. Snippets are made for the page's rows only.
   */
  private searchFiltered(match: string, where: string[], params: unknown[], limit: number, offset: number): { total: number; rows: Row[] } {
    const byFilters = this.hasFilterIndex ? 'INDEXED BY articles_filters' : '';
    const matched = `FROM articles_fts CROSS JOIN articles a ${byFilters} ON a.rid = articles_fts.rowid WHERE articles_fts MATCH ? AND ${where.join(' AND ')}`;
    const total = (this.db.prepare(`SELECT count(*) AS n ${matched}`).get(match, ...params) as { n: number }).n;
    if (total === 0 || offset >= total) return { total, rows: [] };
    let page: number[];
    if (total > RANK_MAX_MATCHES) {
      page = (this.db.prepare(`SELECT articles_fts.rowid AS rid ${matched} ORDER BY articles_fts.rowid DESC LIMIT ? OFFSET ?`).all(match, ...params, limit, offset) as { rid: number }[])
        .map((r) => r.rid);
    } else {
      page = (this.db.prepare(`SELECT articles_fts.rowid AS rid ${matched} ORDER BY rank LIMIT ? OFFSET ?`).all(match, ...params, limit, offset) as { rid: number }[])
        .map((r) => r.rid);
    }
    if (page.length === 0) return { total, rows: [] };
    const cols = 'a.rid, a.id, a.title, a.source, a.published_at AS publishedAt, a.url';
    const found = this.db.prepare(`SELECT ${cols}, snippet(articles_fts, 1, '«', '»', '…', 16) AS snippet FROM json_each(?) j
      CROSS JOIN articles_fts ON articles_fts.rowid = j.value JOIN articles a ON a.rid = articles_fts.rowid WHERE articles_fts MATCH ?`)
      .all(JSON.stringify(page), match) as Row[];
    const byRid = new Map(found.map((r) => [r.rid as number, r]));
    return { total, rows: page.map((rid) => byRid.get(rid)).filter((r): r is Row => r !== undefined) };
  }

  async getArticle(id: string): Promise<{ id: string; brief: Brief } | null> {
    const row = this.db.prepare('SELECT id, brief, text FROM articles WHERE id = ?').get(id) as { id: string; brief: string; text: string } | undefined;
    if (row) return { id: row.id, brief: briefFromRow(row.brief, row.text) };
    // A duplicate's id resolves to the article it duplicates.
    const dup = this.db.prepare('SELECT duplicate_of FROM duplicates WHERE id = ?').get(id) as { duplicate_of: string } | undefined;
    if (!dup) return null;
    const orig = this.db.prepare('SELECT id, brief, text FROM articles WHERE id = ?').get(dup.duplicate_of) as { id: string; brief: string; text: string } | undefined;
    return orig ? { id: orig.id, brief: briefFromRow(orig.brief, orig.text) } : null;
  }

  async listPeople(options: { limit?: number; offset?: number }): Promise<Page<PersonRow>> {
    const limit = clampLimit(options.limit);
    const offset = clampOffset(options.offset);
    const total = (this.db.prepare("SELECT count(*) AS n FROM entities WHERE type = 'PERSON'").get() as { n: number }).n;
    const rows = this.db.prepare(`SELECT e.eid, e.name, e.article_count AS articles, e.quote_count AS quotes,
        (SELECT group_concat(role, char(31)) FROM (SELECT DISTINCT role FROM article_entities WHERE eid = e.eid AND role IS NOT NULL LIMIT 20)) AS roles
      FROM entities e WHERE e.type = 'PERSON' ORDER BY e.article_count DESC, e.quote_count DESC, e.name LIMIT ? OFFSET ?`).all(limit, offset) as Row[];
    return {
      total,
      items: rows.map((r) => ({
        name: r.name as string, articles: r.articles as number, quotes: r.quotes as number,
        roles: typeof r.roles === 'string' && r.roles !== '' ? r.roles.split('\u001f') : [],
      })),
    };
  }

  async getEntity(name: string, options: { limit?: number } = {}): Promise<EntityPage | null> {
    const limit = clampLimit(options.limit, 100);
    const ent = this.db.prepare('SELECT eid, name, type, article_count FROM entities WHERE norm = ? ORDER BY article_count DESC LIMIT 1')
      .get(normalizeName(name)) as { eid: number; name: string; type: string; article_count: number } | undefined;
    if (!ent) return null;
    const roles = this.db.prepare(`SELECT ae.role, ae.affiliation, a.day AS date, a.id AS articleId FROM article_entities ae JOIN articles a ON a.rid = ae.article_rid
      WHERE ae.eid = ? ORDER BY a.day DESC, a.rid DESC LIMIT ?`).all(ent.eid, limit) as EntityPage['roles'];
    const mentions = this.db.prepare(`SELECT a.id AS articleId, m.start_off AS start, m.end_off AS "end", m.text FROM mentions m JOIN articles a ON a.rid = m.article_rid
      WHERE m.eid = ? ORDER BY m.article_rid DESC, m.start_off LIMIT ?`).all(ent.eid, limit) as EntityPage['mentions'];
    const quotes = this.db.prepare(`${QUOTE_SELECT} WHERE q.speaker_eid = ? ORDER BY a.day DESC, a.rid DESC, q.idx LIMIT ?`).all(ent.eid, limit) as QuoteRow[];
    const figures = this.db.prepare(`SELECT a.id AS articleId, f.text, f.value, f.unit, f.about, f.source, f.date, f.start_off AS start, f.end_off AS "end"
      FROM figures f JOIN articles a ON a.rid = f.article_rid
      WHERE f.article_rid IN (SELECT article_rid FROM article_entities WHERE eid = ? ORDER BY article_rid DESC LIMIT ?) ORDER BY f.article_rid DESC, f.idx LIMIT ?`)
      .all(ent.eid, limit, limit) as EntityPage['figures'];
    const wants = this.db.prepare(`SELECT a.id AS articleId, w.actor_name AS actorName, w.cue, w.text, w.start_off AS start, w.end_off AS "end"
      FROM wants w JOIN articles a ON a.rid = w.article_rid WHERE w.actor_eid = ? ORDER BY w.article_rid DESC, w.idx LIMIT ?`).all(ent.eid, limit) as EntityPage['wants'];
    return { name: ent.name, type: ent.type, articles: ent.article_count, roles, mentions, quotes, figures, wants };
  }

  async quotesBySpeaker(options: { speaker?: string; limit?: number; offset?: number }): Promise<Page<QuoteRow>> {
    const limit = clampLimit(options.limit);
    const offset = clampOffset(options.offset);
    if (options.speaker) {
      const norm = normalizeName(options.speaker);
      const cond = 'WHERE q.speaker_eid IN (SELECT eid FROM entities WHERE norm = ?)';
      const total = (this.db.prepare(`SELECT count(*) AS n FROM quotes q ${cond}`).get(norm) as { n: number }).n;
      const items = this.db.prepare(`${QUOTE_SELECT} ${cond} ORDER BY a.day DESC, a.rid DESC, q.idx LIMIT ? OFFSET ?`).all(norm, limit, offset) as QuoteRow[];
      return { total, items };
    }
    const total = (this.db.prepare('SELECT count(*) AS n FROM quotes').get() as { n: number }).n;
    const items = this.db.prepare(`${QUOTE_SELECT} ORDER BY a.rid DESC, q.idx LIMIT ? OFFSET ?`).all(limit, offset) as QuoteRow[];
    return { total, items };
  }

  async graph(options: { from?: string; to?: string; limit?: number }): Promise<Graph> {
    const limit = clampLimit(options.limit, 100);
    const from = dayBound(options.from);
    const to = dayUpper(options.to);
    const dateCond: string[] = [];
    const params: unknown[] = [];
    if (from !== null) { dateCond.push('a.day >= ?'); params.push(from); }
    if (to !== null) { dateCond.push('a.day <= ?'); params.push(to); }
    // The graph is drawn from the latest GRAPH_WINDOW articles in the range (newest stored first), so its cost
    // does not grow with the corpus.
    const window = `(SELECT rid FROM articles a ${dateCond.length > 0 ? `WHERE ${dateCond.join(' AND ')}` : ''} ORDER BY rid DESC LIMIT ${GRAPH_WINDOW})`;
    const nodesRows = this.db.prepare(`SELECT e.eid, e.name, e.type, count(*) AS weight FROM article_entities x JOIN entities e ON e.eid = x.eid
      WHERE x.article_rid IN ${window} GROUP BY e.eid ORDER BY weight DESC, e.name LIMIT ?`).all(...params, limit) as Row[];
    const ids = nodesRows.map((r) => r.eid as number);
    const eventRange = dateCond.length > 0 ? `AND ev.article_rid IN (SELECT rid FROM articles a WHERE ${dateCond.join(' AND ')})` : '';
    const pairs = this.db.prepare(`SELECT ev.source_country AS s, ev.target_country AS t, count(*) AS n FROM events ev WHERE ev.negated = 0 ${eventRange}
      GROUP BY ev.source_country, ev.target_country ORDER BY n DESC LIMIT ?`).all(...params, MAX_EVENT_EDGES) as { s: string; t: string; n: number }[];
    if (ids.length === 0) return withEventEdges({ nodes: [], edges: [] }, pairs);
    const list = ids.join(',');
    const edgeRows = this.db.prepare(`SELECT x.eid AS s, y.eid AS t, count(*) AS weight FROM article_entities x JOIN article_entities y ON y.article_rid = x.article_rid AND y.eid > x.eid
      WHERE x.eid IN (${list}) AND y.eid IN (${list}) AND x.article_rid IN ${window} GROUP BY x.eid, y.eid ORDER BY weight DESC LIMIT ?`).all(...params, limit * 10) as Row[];
    return withEventEdges({
      nodes: nodesRows.map((r) => ({ id: `e${String(r.eid)}`, label: r.name as string, type: r.type as string, weight: r.weight as number })),
      edges: edgeRows.map((r) => ({ source: `e${String(r.s)}`, target: `e${String(r.t)}`, kind: 'cooccurrence' as const, weight: r.weight as number })),
    }, pairs);
  }

  async eventsBetween(a: string, b: string, options: { limit?: number } = {}): Promise<EventRow[]> {
    const limit = clampLimit(options.limit, MAX_DYAD_EVENTS, MAX_DYAD_EVENTS);
    const rows = this.db.prepare(`${EVENT_SELECT} WHERE (ev.source_country = ? AND ev.target_country = ?) OR (ev.source_country = ? AND ev.target_country = ?)
      ORDER BY ev.date IS NULL, ev.date, a.rid, ev.idx LIMIT ?`).all(a, b, b, a, limit) as Row[];
    return rows.map(toEventRow);
  }

  async *exportRows(table: ExportTable): AsyncIterable<Record<string, unknown>> {
    const sql = EXPORT_SQL[table];
    const stmt = this.db.prepare(sql);
    let after = -1;
    for (;;) {
      const rows = stmt.all(after, EXPORT_BATCH) as Row[];
      if (rows.length === 0) return;
      for (const r of rows) {
        const { _rid, ...rest } = r;
        after = _rid as number;
        yield rest;
      }
    }
  }

  async stats(): Promise<StoreStats> {
    const n = (sql: string): number => (this.db.prepare(sql).get() as { n: number }).n;
    return {
      articles: n('SELECT count(*) AS n FROM articles'),
      duplicates: n('SELECT count(*) AS n FROM duplicates'),
      entities: n('SELECT count(*) AS n FROM entities'),
      quotes: n('SELECT count(*) AS n FROM quotes'),
      figures: n('SELECT count(*) AS n FROM figures'),
    };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

const QUOTE_SELECT = `SELECT a.id AS articleId, a.day AS date, a.source AS outlet, a.title, q.speaker_name AS speakerName,
  ae.role, ae.affiliation, q.text, q.kind, q.start_off AS start, q.end_off AS "end"
  FROM quotes q JOIN articles a ON a.rid = q.article_rid
  LEFT JOIN article_entities ae ON ae.article_rid = q.article_rid AND ae.eid = q.speaker_eid`;

/** Keyset-paged export queries: `_rid` orders the pages (a synthetic row number for per-article tables). */
const EXPORT_SQL: Record<ExportTable, string> = {
  articles: `SELECT rid AS _rid, id, source, url, title, published_at AS publishedAt, text FROM articles WHERE rid > ? ORDER BY rid LIMIT ?`,
  entities: `SELECT ae.rowid AS _rid, a.id AS articleId, e.name, e.type, ae.role, ae.affiliation, ae.country, ae.mention_count AS mentions
    FROM article_entities ae JOIN articles a ON a.rid = ae.article_rid JOIN entities e ON e.eid = ae.eid WHERE ae.rowid > ? ORDER BY ae.rowid LIMIT ?`,
  quotes: `SELECT q.rowid AS _rid, a.id AS articleId, q.speaker_name AS speakerName, ae.role, ae.affiliation, q.kind, q.text, q.start_off AS start, q.end_off AS "end"
    FROM quotes q JOIN articles a ON a.rid = q.article_rid LEFT JOIN article_entities ae ON ae.article_rid = q.article_rid AND ae.eid = q.speaker_eid
    WHERE q.rowid > ? ORDER BY q.rowid LIMIT ?`,
  figures: `SELECT f.rowid AS _rid, a.id AS articleId, f.value, f.unit, f.about, f.source, f.date, f.text, f.start_off AS start, f.end_off AS "end"
    FROM figures f JOIN articles a ON a.rid = f.article_rid WHERE f.rowid > ? ORDER BY f.rowid LIMIT ?`,
  events: `SELECT ev.rowid AS _rid, a.id AS articleId, ev.idx, ev.date, ev.source_code AS sourceCode, ev.target_code AS targetCode, ev.source_name AS sourceName,
    ev.target_name AS targetName, ev.code, ev.root, ev.quad_class AS quadClass, ev.goldstein, ev.negated, ev.modality, ev.text,
    ev.start_off AS start, ev.end_off AS "end", a.source AS outlet, a.url
    FROM events ev JOIN articles a ON a.rid = ev.article_rid WHERE ev.rowid > ? ORDER BY ev.rowid LIMIT ?`,
};

const EVENT_SELECT = `SELECT a.id AS articleId, ev.date, ev.source_code AS sourceCode, ev.target_code AS targetCode, ev.source_name AS sourceName,
  ev.target_name AS targetName, ev.code, ev.root, ev.quad_class AS quadClass, ev.goldstein, ev.negated, ev.modality, ev.text,
  ev.start_off AS start, ev.end_off AS "end", a.source AS outlet, a.url
  FROM events ev JOIN articles a ON a.rid = ev.article_rid`;

function toEventRow(r: Row): EventRow {
  return { ...(r as unknown as EventRow), negated: r.negated === 1 || r.negated === true };
}

function toListItem(r: Row): ArticleListItem {
  const item: ArticleListItem = {
    id: r.id as string, title: (r.title as string | null) ?? null, source: (r.source as string | null) ?? null,
    publishedAt: (r.publishedAt as string | null) ?? null, url: (r.url as string | null) ?? null,
  };
  if (typeof r.snippet === 'string') item.snippet = r.snippet;
  return item;
}

export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): SqliteStore {
  return new SqliteStore(file, options);
}
