/**
 * `briefly serve`: run the API on Node (@hono/node-server) until SIGINT/SIGTERM, then close the store.
 */
import { serve as honoServe } from '@hono/node-server';
import type { CorpusStore } from '../store/types.js';
import { createApp } from './app.js';

export interface ServeOptions {
  db: string | null;
  port: number;
  host: string;
  maxBodyBytes: number;
  maxConcurrency: number;
  allowPrivate: boolean;
}

export async function serve(options: ServeOptions): Promise<number> {
  let store: CorpusStore | null = null;
  if (options.db !== null) {
    const { openStore } = await import('../store/index.js');
    store = await openStore(options.db);
  }
  const app = createApp({ store, maxBodyBytes: options.maxBodyBytes, maxConcurrency: options.maxConcurrency, allowPrivate: options.allowPrivate });
  const server = honoServe({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) => {
    process.stderr.write(`briefly: listening on http://${info.address}:${info.port} (OpenAPI at /openapi.json)\n`);
  });
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      server.close(() => resolve());
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    server.on('error', (e) => {
      process.stderr.write(`briefly: server error: ${e.message}\n`);
      resolve();
    });
  });
  if (store !== null) await store.close();
  return 0;
}
