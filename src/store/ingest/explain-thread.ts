/**
 * An explain thread (see explain-pool.ts): loads the pipeline and says it is ready, then receives article
 * records and answers each with the prepared rows or the reason it could not explain it. `workerData.nearDuplicates` says whether to compute MinHash signatures.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { preloadExplain, prepareRecord } from './ingest.js';
import type { ArticleRecord } from './records.js';

const nearDuplicates = (workerData as { nearDuplicates?: boolean } | null)?.nearDuplicates !== false;
const port = parentPort;
if (port === null) throw new Error('explain-thread.js runs as a worker thread (new Worker(…)), not as a script.');
// Records are explained one after the other, in the order they came (the pool times the first one).
let queue: Promise<void> = Promise.resolve();
port.on('message', (msg: { id: number; rec: ArticleRecord }) => {
  queue = queue.then(async () => port.postMessage({ id: msg.id, result: await prepareRecord(msg.rec, { nearDuplicates }) }));
});
// The pipeline (models, lexicons) is loaded before the first record, so the per-article time limit counts explaining only.
await preloadExplain();
port.postMessage({ ready: true });
