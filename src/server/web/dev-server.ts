/**
 * A development server for the web UI: the in-memory API (dev-api.ts) over a folder of example
 * articles, plus the UI (mountWeb). A stand-in until the corpus store's `briefly serve` (which calls
 * mountWeb from its createApp) is merged; the browser tests use it too.
 *
 * @example
 * npm run build && node dist/src/server/web/dev-server.js --port 8080      # test/web/corpus
 * node dist/src/server/web/dev-server.js --corpus path/to/articles --port 0
 */
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { projectRoot } from '../../data/paths.js';
import { loadCorpusDir, MemoryCorpus, mountDevApi, type DevApiOptions, type StoredArticle } from './dev-api.js';
import { mountWeb, type WebOptions } from './index.js';

/** The example corpus bundled with the web tests. */
export function defaultCorpusDir(): string {
  return path.join(projectRoot(), 'test', 'web', 'corpus');
}

/** A Hono app with the in-memory API and the web UI. `articles: null` gives an API without a corpus. */
export function createDevApp(articles: StoredArticle[] | null, opts: DevApiOptions & WebOptions = {}): { app: Hono; corpus: MemoryCorpus | null } {
  const app = new Hono();
  const corpus = articles === null ? null : new MemoryCorpus(articles);
  mountDevApi(app, corpus, opts);
  mountWeb(app, opts);
  app.notFound((c) => c.text('Not found', 404));
  return { app, corpus };
}

/** Listen on 127.0.0.1 (port 0: any free port). Resolves with the server and its base URL. */
export function listen(app: Hono, port = 0, hostname = '127.0.0.1'): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info: AddressInfo) => resolve({ server, url: `http://${hostname}:${info.port}` }));
    server.once('error', reject);
  });
}

/** Close a server started by {@link listen}. */
export function close(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    if ('closeAllConnections' in server) server.closeAllConnections();
    server.close(() => resolve());
  });
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (invokedDirectly) {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const dir = opt('--corpus') ?? defaultCorpusDir();
  const port = Number(opt('--port') ?? '8080');
  const t0 = Date.now();
  const articles = loadCorpusDir(dir);
  const { app } = createDevApp(articles);
  const { url } = await listen(app, port, opt('--host') ?? '127.0.0.1');
  console.log(`briefly web (development API, ${articles.length} articles from ${dir}, loaded in ${Date.now() - t0} ms): ${url}/`);
}
