/**
 * A pool of explain threads for ingest: explaining is the CPU-heavy part (the store's writes are cheap), so
 * records are explained on every core while the calling thread reads input and writes to the database.
 *
 * Each thread (explain-thread.ts) loads the pipeline once and handles one record at a time; `run` resolves
 * with the prepared rows, or with a failure (it never rejects). A record that takes longer than `timeoutMs`
 * to explain (loading the pipeline not counted) fails with PIPELINE_ERROR and its thread is replaced, so one pathological input cannot hold a worker
 * (and its PostgreSQL lease) forever. `threads: 0` explains in the calling thread (no parallelism, no timeout).
 *
 * @example
 * const pool = new ExplainPool({ threads: 2, nearDuplicates: true });
 * const r = await pool.run(record); // { ok: true, article } | { ok: false, code, message }
 * await pool.close();
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { prepareRecord, type PrepareResult } from './ingest.js';
import type { ArticleRecord } from './records.js';

/** Longest time one article may take to explain (default): far above any real article (tens of ms). */
export const ARTICLE_TIMEOUT_MS = 300_000;
/** Most threads a pool starts by default. */
export const MAX_DEFAULT_THREADS = 4;

/**
 * One explain thread per core but one, at least one, at most MAX_DEFAULT_THREADS: the main thread (reading the
 * input, writing the database) and the database itself keep a core busy too. On 2 cores that is one thread:
 * a second one was 6-17% faster on a quiet machine, slower on a loaded one, and takes the peak of a long ingest
 * past 500 MB (each thread holds its own copy of the pipeline's models).
 */
export function defaultThreads(): number {
  return Math.max(1, Math.min(MAX_DEFAULT_THREADS, availableParallelism() - 1));
}

export interface ExplainPoolOptions {
  /** Explain threads; 0 explains in the calling thread. */
  threads: number;
  /** Compute MinHash signatures (the store checks near duplicates). */
  nearDuplicates: boolean;
  /** Per-article limit in ms (default ARTICLE_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** What the ingest loops need of a pool (ExplainPool; tests substitute their own). */
export interface Explainer {
  readonly threads: number;
  run(rec: ArticleRecord): Promise<PrepareResult>;
  close(): Promise<void>;
}

interface Task {
  id: number;
  rec: ArticleRecord;
  resolve: (r: PrepareResult) => void;
}

interface Slot {
  worker: Worker;
  /** The thread has loaded the pipeline. */
  ready: boolean;
  /** Records sent to the thread, oldest first: the thread explains them in this order; the first is under way. */
  tasks: Task[];
  /** The time limit of the first task. */
  timer: NodeJS.Timeout | null;
  timedOut: boolean;
  error: Error | null;
}

/**
 * Records sent ahead to each thread: the next one waits in the thread, so a thread never idles waiting for the
 * main thread (busy writing, or not scheduled on a loaded machine) to hand it work.
 */
const SENT_AHEAD = 2;

/**
 * Young-generation size of an explain thread (MB). V8's default (tens of MB per thread) buys nothing here: the
 * pipeline's garbage is short-lived and small, and 8 MB keeps each thread about 40 MB smaller at the same speed.
 */
const THREAD_YOUNG_GENERATION_MB = 8;
/**
 * Old-generation limit of an explain thread (MB). Under a limit this size V8 lets the heap grow by about 1.6×
 * its live size between full collections instead of 4× (what it allows when memory is plentiful): on a long
 * ingest the peak stays about 100 MB lower, at the same speed. The pipeline holds about 100 MB; explaining a 1.4 MB
 * article took the heap to about 290 MB, so the largest accepted input (5 million characters) should still fit
 * (extrapolated, not measured). Past the limit the
 * thread dies, its record fails, and a fresh thread goes on.
 */
const THREAD_OLD_GENERATION_MB = 1024;

/** Threads that die before answering anything this many times in a row: the pool gives up (e.g. a missing build). */
const MAX_START_FAILURES = 3;

export class ExplainPool implements Explainer {
  readonly threads: number;
  private readonly nearDuplicates: boolean;
  private readonly timeoutMs: number;
  private readonly queue: Task[] = [];
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;
  private startFailures = 0;
  private broken: string | null = null;

  constructor(options: ExplainPoolOptions) {
    this.threads = Math.max(0, Math.floor(options.threads));
    this.nearDuplicates = options.nearDuplicates;
    this.timeoutMs = options.timeoutMs ?? ARTICLE_TIMEOUT_MS;
    for (let i = 0; i < this.threads; i++) this.slots.push(this.spawn());
  }

  run(rec: ArticleRecord): Promise<PrepareResult> {
    if (this.threads === 0) return prepareRecord(rec, { nearDuplicates: this.nearDuplicates });
    if (this.broken !== null) return Promise.resolve({ ok: false, code: 'PIPELINE_ERROR', message: this.broken });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, rec, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const closed: PrepareResult = { ok: false, code: 'PIPELINE_ERROR', message: 'The explain pool was closed before this record was explained.' };
    for (const t of this.queue.splice(0)) t.resolve(closed);
    await Promise.all(this.slots.map(async (s) => {
      if (s.timer !== null) clearTimeout(s.timer);
      await s.worker.terminate();
      for (const t of s.tasks.splice(0)) t.resolve(closed);
    }));
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./explain-thread.js', import.meta.url), {
      workerData: { nearDuplicates: this.nearDuplicates },
      resourceLimits: { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB, maxOldGenerationSizeMb: THREAD_OLD_GENERATION_MB },
    });
    const slot: Slot = { worker, ready: false, tasks: [], timer: null, timedOut: false, error: null };
    worker.on('message', (m: { id: number; result: PrepareResult } | { ready: true }) => {
      if ('ready' in m) {
        slot.ready = true;
        this.startFailures = 0;
        this.pump();
        return;
      }
      const task = slot.tasks[0];
      if (task === undefined || task.id !== m.id) return;
      slot.tasks.shift();
      this.startTimer(slot);
      task.resolve(m.result);
      this.pump();
    });
    worker.on('error', (e) => (slot.error = e));
    worker.on('exit', () => this.onExit(slot));
    return slot;
  }

  /** (Re)start the time limit for the thread's first task, if it has one. */
  private startTimer(slot: Slot): void {
    if (slot.timer !== null) clearTimeout(slot.timer);
    slot.timer = null;
    if (slot.tasks.length === 0) return;
    slot.timer = setTimeout(() => {
      slot.timedOut = true;
      void slot.worker.terminate();
    }, this.timeoutMs);
  }

  /** A thread ended (timeout, crash, out of memory): fail its current record, resend the others, start another thread. */
  private onExit(slot: Slot): void {
    if (slot.timer !== null) clearTimeout(slot.timer);
    slot.timer = null;
    if (this.closed) return;
    const [current, ...waiting] = slot.tasks.splice(0);
    const why = slot.timedOut
      ? `Explaining took longer than ${this.timeoutMs >= 1000 ? `${this.timeoutMs / 1000} s` : `${this.timeoutMs} ms`}; the record was abandoned.`
      : `The explain thread stopped${slot.error ? `: ${slot.error.message}` : ''}.`;
    current?.resolve({ ok: false, code: 'PIPELINE_ERROR', message: why });
    this.queue.unshift(...waiting);
    if (!slot.ready) this.startFailures++;
    const i = this.slots.indexOf(slot);
    if (this.startFailures >= MAX_START_FAILURES) {
      this.broken = `Explain threads cannot start (${slot.error?.message ?? 'they exit at once'}); is the build complete (npm run build)?`;
      if (i >= 0) this.slots.splice(i, 1);
      if (this.slots.length === 0) for (const t of this.queue.splice(0)) t.resolve({ ok: false, code: 'PIPELINE_ERROR', message: this.broken });
      return;
    }
    if (i >= 0) this.slots[i] = this.spawn();
    this.pump();
  }

  private pump(): void {
    for (const slot of this.slots) {
      while (this.queue.length > 0 && slot.ready && slot.tasks.length < SENT_AHEAD) {
        const task = this.queue.shift()!;
        slot.tasks.push(task);
        if (slot.tasks.length === 1) this.startTimer(slot);
        slot.worker.postMessage({ id: task.id, rec: task.rec });
      }
    }
  }
}
