/**
 * An explain thread (see explain-pool.ts): receives article records, answers with the prepared rows or
 * the reason it could not explain them. `workerData.nearDuplicates` says whether to compute MinHash signatures.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareRecord } from './ingest.js';
import type { ArticleRecord } from './records.js';

const nearDuplicates = (workerData as { nearDuplicates?: boolean } | null)?.nearDuplicates !== false;
const port = parentPort;
if (port === null) throw new Error('explain-thread.js runs as a worker thread (new Worker(…)), not as a script.');
port.on('message', (msg: { id: number; rec: ArticleRecord }) => {
  void prepareRecord(msg.rec, { nearDuplicates }).then((result) => port.postMessage({ id: msg.id, result }));
});
