/**
 * Project paths: where the project root and the shared data folder are,
 * independent of the working directory and of whether the code runs from
 * `src/` (ts) or `dist/src/` (compiled).
 *
 * @example
 * import { projectRoot } from './data/paths.js';
 * const fixtures = path.join(projectRoot(), 'test', 'cases');
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Env var that overrides where the shared data folder is. */
export const SHARED_DATA_ENV = 'BRIEFLY_SHARED_DATA';

let cachedRoot: string | null = null;

/**
 * The absolute path of the project root: the nearest directory, walking up
 * from this module, that contains a package.json.
 *
 * @example
 * projectRoot(); // '/work/main'
 */
export function projectRoot(): string {
  if (cachedRoot !== null) return cachedRoot;
  const start = path.dirname(fileURLToPath(import.meta.url));
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) {
      cachedRoot = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json found above ${start}`);
    dir = parent;
  }
}

/**
 * The shared data folder: `$BRIEFLY_SHARED_DATA` when set, else
 * `<projectRoot>/../shared/data` when it exists, else null.
 *
 * @example
 * const dir = sharedDataDir();
 * if (dir === null) t.skip('no shared data');
 */
export function sharedDataDir(): string | null {
  const fromEnv = process.env[SHARED_DATA_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return path.resolve(fromEnv);
  const candidate = path.resolve(projectRoot(), '..', 'shared', 'data');
  return isDirectory(candidate) ? candidate : null;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
