#!/usr/bin/env node
/**
 * The `prepare` script: build dist/ unless it was built from exactly these sources.
 *
 * npm runs `prepare` after `npm ci`, and npx runs it again the first time `npx briefly` is used in a
 * checkout (it installs the project into its own cache as a link to this folder and runs the link's
 * lifecycle scripts). A full build there cost 15 s of the first `npx briefly explain`, and since a
 * build starts by deleting dist/, any briefly process running meanwhile lost its code. So a build
 * ends by writing a stamp into dist/: a hash of every file the build reads. When the stamp matches
 * the sources, `prepare` does nothing.
 *
 *   node scripts/prepare.mjs           build (npm run build) unless dist/ is up to date
 *   node scripts/prepare.mjs --stamp   write the stamp for the sources as they are (after a build)
 */
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = path.join(root, 'dist', '.build-stamp');
/** What the build reads: the TypeScript projects' folders and the files that configure them or pin the bundler. */
const INPUT_DIRS = ['src', 'scripts', 'test'];
const INPUT_FILES = ['tsconfig.json', 'package.json', 'package-lock.json'];

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

/** A hash of the names and contents of every build input, in a fixed order. */
function sourceHash() {
  const files = [...INPUT_DIRS.flatMap((d) => filesUnder(path.join(root, d))), ...INPUT_FILES.map((f) => path.join(root, f)).filter((f) => existsSync(f))]
    .map((f) => path.relative(root, f).split(path.sep).join('/'))
    .sort();
  const hash = createHash('sha256');
  for (const f of files) {
    hash.update(f);
    hash.update('\0');
    hash.update(readFileSync(path.join(root, f)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

if (process.argv.includes('--stamp')) {
  writeFileSync(STAMP, `${sourceHash()}\n`);
} else {
  const current = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : null;
  if (current !== sourceHash()) execSync('npm run build --silent', { cwd: root, stdio: 'inherit' });
}
