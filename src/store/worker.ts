/**
 * `briefly worker`: take ingest jobs from the PostgreSQL jobs table until none are left (or forever with
 * --watch). Several workers, on one machine or many, share the queue; see src/store/postgres.ts for why
 * no article is stored twice and none is lost when a worker dies (leases, SKIP LOCKED, one transaction).
 */
import { isBrieflyError } from '../errors.js';
import { addFailure, briefRecord, emptySummary, type IngestSummary } from './ingest/ingest.js';
import { newWorkerId, type PostgresStore } from './postgres.js';

export interface WorkerOptions {
  workerId?: string;
  /** Seconds a claimed job stays ours; a job not finished by then goes to another worker. */
  leaseSeconds?: number;
  /** Keep polling for new jobs instead of stopping when the queue is empty. */
  watch?: boolean;
  pollMs?: number;
  /** Called after each job. */
  onJob?: (summary: IngestSummary) => void;
  signal?: AbortSignal;
}

export const DEFAULT_LEASE_SECONDS = 60;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runWorker(store: PostgresStore, options: WorkerOptions = {}): Promise<IngestSummary> {
  const worker = options.workerId ?? newWorkerId();
  const lease = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  const summary = emptySummary();
  for (;;) {
    if (options.signal?.aborted) break;
    await store.failStuckJobs();
    const job = await store.claim(worker, lease);
    if (job === null) {
      const q = await store.queueStatus();
      // Stop when nothing is pending and nothing is running (a running job may still come back to us).
      if (!options.watch && q.pending === 0 && q.running === 0) break;
      await sleep(options.pollMs ?? 250);
      continue;
    }
    const rec = job.record;
    if (await store.hasKey(rec.key)) {
      if (await store.skipJob(job.id, worker)) summary.skipped++;
      options.onJob?.(summary);
      continue;
    }
    let result: Parameters<PostgresStore['completeJob']>[2];
    try {
      result = { article: await briefRecord(rec) };
    } catch (e) {
      result = { failure: { code: isBrieflyError(e) ? e.code : 'PIPELINE_ERROR', message: e instanceof Error ? e.message : String(e) } };
    }
    const outcome = await store.completeJob(job.id, worker, result);
    if (outcome === null) {
      // Lease lost: another worker has the job now. Nothing was written.
    } else if (outcome === 'failed') {
      const f = 'failure' in result ? result.failure : { code: 'PIPELINE_ERROR', message: '' };
      addFailure(summary, rec.origin, f.code, f.message);
    } else if (outcome.status === 'ingested') summary.ingested++;
    else if (outcome.status === 'duplicate') summary.duplicates++;
    else if (outcome.status === 'near-duplicate') summary.nearDuplicates++;
    else summary.skipped++;
    options.onJob?.(summary);
  }
  return summary;
}
