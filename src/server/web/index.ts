/**
 * The web UI's routes: HTML pages and their static assets, added to the API server by one call.
 *
 * Every page is the same small HTML shell (no inline script, no inline style); the browser client
 * (src/web/, bundled into dist/web/ by build-assets.ts) reads the path and renders the page from the
 * JSON API. Article text, titles and names only ever reach the page as DOM text nodes, so hostile
 * markup in an article is shown, never run. The Content-Security-Policy backs that up: scripts and
 * styles from this origin only, no eval, no inline code, no plugins, no framing, and Trusted Types
 * with no policy, so even a stray `innerHTML` assignment in the client would throw.
 *
 * @example
 * const app = new Hono();
 * // ... API routes ...
 * mountWeb(app, {});
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Context, Hono } from 'hono';
import { projectRoot } from '../../data/paths.js';

export interface WebOptions {
  /** Folder of the built client (default `<project>/dist/web`). */
  assetsDir?: string;
  /** Product name shown in the page title before the client renders (default "briefly"). */
  siteName?: string;
}

/** The Content-Security-Policy of every page and asset. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

/** Page paths served by the shell (the client routes on them). */
export const PAGE_ROUTES = ['/', '/explain', '/search', '/people', '/graph', '/a/:id', '/person/:name', '/entity/:name'] as const;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

interface Asset {
  body: Uint8Array;
  type: string;
  immutable: boolean;
}

/** The built client's files, read once (a handful of small files; no path from a request touches the disk). */
function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  if (!existsSync(dir)) return assets;
  for (const name of readdirSync(dir)) {
    const type = TYPES[path.extname(name)];
    if (type === undefined) continue;
    // Entry files keep fixed names (app.js, app.css) and must be revalidated; chunks carry a content hash.
    assets.set(name, { body: readFileSync(path.join(dir, name)), type, immutable: /-[A-Z0-9]{8}\.js$/.test(name) });
  }
  return assets;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function shell(siteName: string): string {
  const name = escapeHtml(siteName);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${name}</title>
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css">
<script type="module" src="/assets/app.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<a class="brand" href="/">${name}</a>
<nav aria-label="Main">
<a href="/">Explain</a>
<a href="/search">Search</a>
<a href="/people">People</a>
<a href="/graph">Graph</a>
</nav>
</header>
<main id="main" tabindex="-1"><p class="loading">Loading…</p><noscript><p>This page needs JavaScript. The JSON API is under /api.</p></noscript></main>
</body>
</html>
`;
}

function securityHeaders(c: Context): void {
  c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Frame-Options', 'DENY');
  c.header('Cross-Origin-Opener-Policy', 'same-origin');
}

/**
 * Add the UI's pages (GET /, /explain, /search, /people, /graph, /a/:id, /person/:name, /entity/:name)
 * and assets (GET /assets/:file) to `app`. The JSON API is not touched.
 */
export function mountWeb(app: Hono, opts: WebOptions = {}): void {
  const dir = opts.assetsDir ?? path.join(projectRoot(), 'dist', 'web');
  const html = shell(opts.siteName ?? 'briefly');
  let assets: Map<string, Asset> | null = null;
  const getAssets = (): Map<string, Asset> => {
    // Read on first use, and again while the client is not built yet (a build may land while serving).
    if (assets === null || assets.size === 0) assets = loadAssets(dir);
    return assets;
  };

  app.get('/assets/:file', (c) => {
    securityHeaders(c);
    const asset = getAssets().get(c.req.param('file'));
    if (asset === undefined) return c.text('Not found', 404);
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    return c.body(asset.body as Uint8Array<ArrayBuffer>);
  });

  // Browsers ask for /favicon.ico when a document (a stylesheet opened directly) names no icon.
  app.get('/favicon.ico', (c) => {
    const icon = getAssets().get('icon.svg');
    if (icon === undefined) return c.body(null, 204);
    c.header('Content-Type', icon.type);
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(icon.body as Uint8Array<ArrayBuffer>);
  });

  for (const route of PAGE_ROUTES) {
    app.get(route, (c) => {
      securityHeaders(c);
      c.header('Cache-Control', 'no-cache');
      if (!getAssets().has('app.js')) {
        return c.text(`The web client is not built: run \`npm run build\` (expected ${path.join(dir, 'app.js')}).`, 503);
      }
      return c.html(html);
    });
  }
}
