/**
 * `briefly worker`: take ingest jobs from the PostgreSQL jobs table until none are left (or forever with
 * --watch). Several workers, on one machine or many, share the queue; see src/store/postgres.ts for why
 * no article is stored twice and none is lost when a worker dies (leases, SKIP LOCKED, one transaction).
 *
 * Inside one worker the work is a pipeline: jobs are claimed a few at a time, explained by a pool of threads
 * (src/store/ingest/explain-pool.ts), and written as they come out, many per transaction, while the threads
 * go on explaining. The main thread stays free, so a heartbeat renews the lease of every job the worker holds
 * every third of the lease: a job is taken by another worker only when its worker stopped (killed, frozen,
 * cut off from the database), never because an article took longer than the lease to explain. A job that
 * hangs its explain thread fails after the pool's per-article timeout instead of being held forever.
 */
import { countOutcome, emptySummary, type IngestSummary, type PrepareResult } from './ingest/ingest.js';
import { defaultThreads, ExplainPool, type Explainer } from './ingest/explain-pool.js';
import { newWorkerId, type ClaimedJob, type PostgresStore } from './postgres.js';

export interface WorkerOptions {
  workerId?: string;
  /** Seconds a claimed job stays ours without a heartbeat; a job not renewed by then goes to another worker. */
  leaseSeconds?: number;
  /** Keep polling for new jobs instead of stopping when the queue is empty. */
  watch?: boolean;
  pollMs?: number;
  /** Explain threads (at least 1: explaining never runs on the thread that renews the leases). Default: defaultThreads(). */
  threads?: number;
  /** Jobs held at once (claimed, not yet written); default 32 per thread. */
  prefetch?: number;
  /** Per-article explain limit in ms (default: the pool's). */
  articleTimeoutMs?: number;
  /** Milliseconds between lease renewals (default: a third of the lease). */
  heartbeatMs?: number;
  /** Explains the records (default: an ExplainPool of `threads` threads); closed when the worker stops. */
  explainer?: Explainer;
  /** Called after each job. */
  onJob?: (summary: IngestSummary) => void;
  signal?: AbortSignal;
}

export const DEFAULT_LEASE_SECONDS = 60;
/** Most jobs written in one transaction. */
export const MAX_WRITE_BATCH = 64;
/** Longest time (ms) an explained article waits for others to share its transaction. */
export const WRITE_WAIT_MS = 250;

export async function runWorker(store: PostgresStore, options: WorkerOptions = {}): Promise<IngestSummary> {
  const worker = options.workerId ?? newWorkerId();
  const lease = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  const threads = Math.max(1, options.threads ?? defaultThreads());
  const prefetch = Math.max(1, options.prefetch ?? threads * 32);
  // Jobs are claimed a quarter of the prefetch at a time, and explained articles written once a quarter of it is
  // ready (one commit for many), when nothing else is being explained, or when the oldest has waited WRITE_WAIT_MS.
  // Holding four times a write batch keeps the threads explaining while a batch waits for the insert lock.
  const chunk = Math.max(1, Math.floor(prefetch / 4));
  const writeMin = Math.min(MAX_WRITE_BATCH, chunk);
  const summary = emptySummary();
  const pool = options.explainer ?? new ExplainPool({ threads, nearDuplicates: store.nearDuplicates, timeoutMs: options.articleTimeoutMs });

  /** Jobs claimed and not yet written (their leases are renewed). */
  const held = new Map<number, ClaimedJob>();
  let explaining = 0;
  const ready: { job: ClaimedJob; result: PrepareResult; at: number }[] = [];
  let writing: Promise<void> | null = null;
  let failure: unknown = null;

  let wakeUp: (() => void) | null = null;
  const wake = (): void => {
    const w = wakeUp;
    wakeUp = null;
    w?.();
  };
  const waitForWake = (ms: number): Promise<void> => new Promise((resolve) => {
    const timer = setTimeout(wake, ms);
    wakeUp = () => {
      clearTimeout(timer);
      resolve();
    };
  });

  let renewing = false;
  const heartbeat = setInterval(() => {
    if (renewing || held.size === 0) return;
    renewing = true;
    // A failed renewal (database unreachable) is retried at the next beat; if the lease runs out meanwhile,
    // another worker may take the job and this worker's write of it is refused (completeJobs).
    store.renewLeases(worker, [...held.keys()], lease).catch(() => undefined).finally(() => (renewing = false));
  }, options.heartbeatMs ?? Math.max(100, (lease * 1000) / 3));

  const write = async (): Promise<void> => {
    while (ready.length > 0 && failure === null) {
      const batch = ready.splice(0, MAX_WRITE_BATCH);
      const outcomes = await store.completeJobs(worker, batch.map((b) => ({ jobId: b.job.id, result: b.result })));
      for (const { job } of batch) {
        held.delete(job.id);
        const o = outcomes.get(job.id) ?? null;
        // null: the lease was lost, another worker has the job now; nothing was written here.
        if (o !== null) countOutcome(summary, job.record.origin, o);
        options.onJob?.(summary);
      }
    }
  };
  const startWriting = (): void => {
    if (writing !== null || ready.length === 0) return;
    if (ready.length < writeMin && explaining > 0 && Date.now() - ready[0]!.at < WRITE_WAIT_MS) return;
    writing = write().catch((e: unknown) => {
      failure = e;
    }).finally(() => {
      writing = null;
      wake();
    });
  };

  let lastStuckCheck = 0;
  try {
    for (;;) {
      if (failure !== null) throw failure;
      startWriting();
      const busy = explaining + ready.length + (writing !== null ? 1 : 0);
      if (options.signal?.aborted) {
        if (busy === 0 && held.size === 0) break;
        await waitForWake(1000);
        continue;
      }
      if (Date.now() - lastStuckCheck > lease * 1000) {
        await store.failStuckJobs();
        lastStuckCheck = Date.now();
      }
      const room = prefetch - held.size;
      if (room < chunk) {
        await waitForWake(WRITE_WAIT_MS);
        continue;
      }
      const jobs = await store.claimBatch(worker, lease, room);
      if (jobs.length === 0) {
        if (held.size > 0) {
          await waitForWake(WRITE_WAIT_MS);
          continue;
        }
        const q = await store.queueStatus();
        // Stop when nothing is pending and nothing is running (a running job may still come back to us).
        if (!options.watch && q.pending === 0 && q.running === 0) break;
        await waitForWake(options.pollMs ?? 250);
        continue;
      }
      for (const j of jobs) held.set(j.id, j);
      const stored = await store.storedKeys(jobs.map((j) => j.record.key));
      const skip = jobs.filter((j) => stored.has(j.record.key));
      if (skip.length > 0) {
        summary.skipped += await store.skipJobs(skip.map((j) => j.id), worker);
        for (const j of skip) held.delete(j.id);
        options.onJob?.(summary);
      }
      for (const job of jobs) {
        if (stored.has(job.record.key)) continue;
        explaining++;
        void pool.run(job.record).then((result) => {
          explaining--;
          ready.push({ job, result, at: Date.now() });
          startWriting();
          wake();
        });
      }
    }
    if (writing !== null) await writing;
    if (failure !== null) throw failure;
  } finally {
    clearInterval(heartbeat);
    await pool.close();
  }
  return summary;
}
