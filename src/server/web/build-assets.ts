/**
 * Bundle the browser client (src/web/) into dist/web/ with esbuild: `app.js` (ES module, code
 * split: the graph page and its graph library load only on /graph), its chunks, and `app.css`.
 * Run by `npm run build` after tsc; prints the size of each output file.
 *
 * @example
 * node dist/src/server/web/build-assets.js            # writes dist/web/
 * node dist/src/server/web/build-assets.js --quiet
 */
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from '../../data/paths.js';

/** Build the client into `outDir` (default dist/web); returns output file sizes in bytes. */
export async function buildAssets(outDir = path.join(projectRoot(), 'dist', 'web')): Promise<Record<string, number>> {
  const root = projectRoot();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const common = { bundle: true, minify: true, write: true, metafile: true, logLevel: 'warning', legalComments: 'none' } as const;
  const js = await build({
    ...common,
    entryPoints: { app: path.join(root, 'src', 'web', 'main.ts') },
    outdir: outDir,
    format: 'esm',
    splitting: true,
    target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
    platform: 'browser',
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const css = await build({ ...common, entryPoints: { app: path.join(root, 'src', 'web', 'styles.css') }, outdir: outDir, entryNames: '[name]' });
  const sizes: Record<string, number> = {};
  for (const file of ['icon.svg']) {
    copyFileSync(path.join(root, 'src', 'web', file), path.join(outDir, file));
    sizes[file] = statSync(path.join(outDir, file)).size;
  }
  for (const meta of [js.metafile, css.metafile]) {
    for (const [file, out] of Object.entries(meta.outputs)) sizes[path.basename(file)] = out.bytes;
  }
  return sizes;
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (invokedDirectly) {
  const sizes = await buildAssets();
  if (!process.argv.includes('--quiet')) {
    const list = Object.entries(sizes).map(([f, b]) => `${f} ${(b / 1024).toFixed(1)} KB`).join(', ');
    console.log(`web assets: ${list}`);
  }
}
