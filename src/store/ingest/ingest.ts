/**
 * The ingest loop: records in, briefs out, stored one transaction per article.
 *
 * For each record: skip it when its key is stored (a re-run or a resumed run: nothing is explained
 * again), else explain it with the existing explain path (text → explain(), HTML → explainHtml(); the
 * publication day, when known, is the reference date for relative dates), fill the brief's missing
 * metadata from the record (a feed's title and date, a WARC's URL), and store it. Malformed records and
 * articles that fail (no article in the page, empty text…) are counted with their reasons; the run goes on.
 */
import type { Brief } from '../../brief/schema.js';
import { isBrieflyError } from '../../errors.js';
import type { CorpusStore, NewArticle } from '../types.js';
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

/** Store one record; updates the summary. */
export async function ingestRecord(store: CorpusStore, rec: InputRecord, summary: IngestSummary): Promise<void> {
  if (rec.kind === 'error') {
    addFailure(summary, rec.origin, rec.code, rec.message);
    return;
  }
  if (await store.hasKey(rec.key)) {
    summary.skipped++;
    return;
  }
  let article: NewArticle;
  try {
    article = await briefRecord(rec);
  } catch (e) {
    addFailure(summary, rec.origin, isBrieflyError(e) ? e.code : 'PIPELINE_ERROR', e instanceof Error ? e.message : String(e));
    return;
  }
  const outcome = await store.addArticle(article);
  if (outcome.status === 'ingested') summary.ingested++;
  else if (outcome.status === 'exists') summary.skipped++;
  else if (outcome.status === 'duplicate') summary.duplicates++;
  else summary.nearDuplicates++;
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
