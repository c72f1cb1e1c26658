/**
 * The ingest loop: records in, briefs out, stored a batch of articles per transaction.
 *
 * For each record: skip it when its key is stored (a re-run or a resumed run: nothing is explained
 * again), else explain it with the existing explain path (text → explain(), HTML → explainHtml(); the
 * publication day, when known, is the reference date for relative dates), fill the brief's missing
 * metadata from the record (a feed's title and date, a WARC's URL), and store it. Malformed records and
 * articles that fail (no article in the page, empty text…) are counted with their reasons; the run goes on.
 * Explaining runs in worker threads (src/store/ingest/explain-pool.ts); storing stays in the calling thread.
 */
import type { Brief } from '../../brief/schema.js';
import { isBrieflyError } from '../../errors.js';
import { prepareArticle, type PreparedArticle } from '../rows.js';
import type { CorpusStore, NewArticle, StoreOutcome } from '../types.js';
import type { Explainer } from './explain-pool.js';
import type { ArticleRecord, InputRecord } from './records.js';

export interface IngestSummary {
  ingested: number;
  /** Exact and near duplicates, linked to the article they copy. */
  duplicates: number;
  nearDuplicates: number;
  /** Already stored (a re-run). */
  skipped: number;
  failed: number;
  /** Failures by code. */
  failuresByCode: Record<string, number>;
  /** The first failures, with where and why. */
  failures: { origin: string; code: string; message: string }[];
}

export const MAX_LISTED_FAILURES = 50;

export function emptySummary(): IngestSummary {
  return { ingested: 0, duplicates: 0, nearDuplicates: 0, skipped: 0, failed: 0, failuresByCode: {}, failures: [] };
}

export function addFailure(summary: IngestSummary, origin: string, code: string, message: string): void {
  summary.failed++;
  summary.failuresByCode[code] = (summary.failuresByCode[code] ?? 0) + 1;
  if (summary.failures.length < MAX_LISTED_FAILURES) summary.failures.push({ origin, code, message });
}

type ExplainModule = typeof import('../../explain.js');
let explainModule: ExplainModule | null = null;

async function loadExplain(): Promise<ExplainModule> {
  explainModule ??= await import('../../explain.js');
  return explainModule;
}

/**
 * Load the explain pipeline now, models included (several load on first use: one short article of our own
 * is explained for that). An explain thread does it before it takes its first record.
 */
export async function preloadExplain(): Promise<void> {
  const { explain } = await loadExplain();
  explain('The harbour council met on Monday in Tallinn. "We will vote again in May," said Mayor Ilse Brandt, who wants a new bridge by 2026.', { referenceDate: '2024-03-04' });
}

/** Explain a record into the article to store; throws a BrieflyError when there is no article. */
export async function briefRecord(rec: ArticleRecord): Promise<NewArticle> {
  const { explain, explainHtml } = await loadExplain();
  const day = rec.publishedAt !== null && /^\d{4}-\d{2}-\d{2}/.test(rec.publishedAt) ? rec.publishedAt.slice(0, 10) : null;
  const brief: Brief = rec.format === 'html'
    ? explainHtml(rec.content, { url: rec.url, referenceDate: day })
    : explain(rec.content, { referenceDate: day });
  const a = brief.article;
  if (a.title === null && rec.title !== null) a.title = rec.title;
  if (a.publishedAt === null && rec.publishedAt !== null) a.publishedAt = rec.publishedAt;
  if ((a.url ?? null) === null && rec.url !== null) a.url = rec.url;
  if (a.publisher === null && rec.source !== null) a.publisher = rec.source;
  return { key: rec.key, source: rec.source ?? a.publisher, url: a.url ?? rec.url, title: a.title, publishedAt: a.publishedAt, brief };
}

/** A record made ready to store, or why it cannot be. */
export type PrepareResult = { ok: true; article: PreparedArticle } | { ok: false; code: string; message: string };

/**
 * Explain a record and turn its brief into the rows to store (the CPU-heavy part of ingest, run in the
 * explain threads: src/store/ingest/explain-pool.ts). Never throws: a failure is a result.
 */
export async function prepareRecord(rec: ArticleRecord, options: { nearDuplicates: boolean }): Promise<PrepareResult> {
  try {
    return { ok: true, article: prepareArticle(await briefRecord(rec), options) };
  } catch (e) {
    return { ok: false, code: isBrieflyError(e) ? e.code : 'PIPELINE_ERROR', message: e instanceof Error ? e.message : String(e) };
  }
}

/** Count one stored article's outcome in the summary. */
export function countOutcome(summary: IngestSummary, origin: string, outcome: StoreOutcome): void {
  if (outcome.status === 'ingested') summary.ingested++;
  else if (outcome.status === 'exists') summary.skipped++;
  else if (outcome.status === 'duplicate') summary.duplicates++;
  else if (outcome.status === 'near-duplicate') summary.nearDuplicates++;
  else addFailure(summary, origin, outcome.code, outcome.message);
}

export interface IngestStreamOptions {
  /** Explains the records (in threads, or in this thread with threads: 0). */
  pool: Explainer;
  /** Called after each record is read (for a progress bar). */
  onRecord?: () => void;
  /** Articles written per transaction at most (default INGEST_BATCH). */
  batch?: number;
  /** Longest time (ms) an explained article waits before its transaction is written (default INGEST_FLUSH_MS). */
  flushMs?: number;
}

/** Articles stored per transaction (one commit, one full-text index segment, per batch). */
export const INGEST_BATCH = 32;
/** An explained article is committed within this many milliseconds even when its batch is not full. */
export const INGEST_FLUSH_MS = 500;

/**
 * The ingest loop of the embedded store. Records are read in order; a record whose key is stored is skipped
 * before it is explained; the others are explained by the pool (several at once, on every core) and stored in
 * input order (so which of two copies is the original does not depend on timing), a batch of articles per
 * transaction. A kill at any moment loses at most the batch being explained or written: none of it is
 * committed, so the next run explains it again; nothing is stored twice (the key is unique and checked
 * inside the transaction). Memory stays bounded: at most a few records per thread are in flight.
 */
export async function ingestStream(store: CorpusStore, records: AsyncIterable<InputRecord>, summary: IngestSummary, options: IngestStreamOptions): Promise<void> {
  const { pool } = options;
  const maxBatch = options.batch ?? INGEST_BATCH;
  const flushMs = options.flushMs ?? INGEST_FLUSH_MS;
  const maxInFlight = Math.max(4, pool.threads * 4);
  type Slot = { rec: ArticleRecord; result: PrepareResult | null; done: Promise<PrepareResult> };
  const window: Slot[] = [];
  let batch: { origin: string; article: PreparedArticle }[] = [];
  let oldest = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const outcomes = await store.addPrepared(batch.map((b) => b.article));
    outcomes.forEach((o, i) => countOutcome(summary, batch[i]!.origin, o));
    batch = [];
  };
  const take = (slot: Slot, result: PrepareResult): void => {
    if (!result.ok) addFailure(summary, slot.rec.origin, result.code, result.message);
    else {
      if (batch.length === 0) oldest = Date.now();
      batch.push({ origin: slot.rec.origin, article: result.article });
    }
  };
  /** Move finished records at the head of the window to the batch; wait for the head while the window is full. */
  const drain = async (full: number): Promise<void> => {
    while (window.length > 0) {
      const head = window[0]!;
      const result = head.result ?? (window.length >= full ? await head.done : null);
      if (result === null) break;
      window.shift();
      take(head, result);
      if (batch.length >= maxBatch || Date.now() - oldest >= flushMs) await flush();
    }
  };
  for await (const rec of records) {
    options.onRecord?.();
    if (rec.kind === 'error') addFailure(summary, rec.origin, rec.code, rec.message);
    else if (await store.hasKey(rec.key)) summary.skipped++;
    else {
      const slot: Slot = { rec, result: null, done: pool.run(rec) };
      void slot.done.then((r) => (slot.result = r));
      window.push(slot);
    }
    await drain(maxInFlight);
  }
  await drain(1);
  await flush();
}

/** One-line summary, e.g. "12 ingested, 3 duplicates (1 near), 0 already stored, 2 failed". */
export function formatSummary(s: IngestSummary): string {
  const lines = [
    `${s.ingested} ingested, ${s.duplicates + s.nearDuplicates} duplicate${s.duplicates + s.nearDuplicates === 1 ? '' : 's'} (${s.nearDuplicates} near), ${s.skipped} already stored, ${s.failed} failed`,
  ];
  const codes = Object.entries(s.failuresByCode);
  if (codes.length > 0) lines.push(`failures by reason: ${codes.map(([c, n]) => `${c} ${n}`).join(', ')}`);
  for (const f of s.failures) lines.push(`  ${f.origin}: ${f.code}: ${f.message}`);
  if (s.failed > s.failures.length) lines.push(`  … and ${s.failed - s.failures.length} more`);
  return lines.join('\n');
}
