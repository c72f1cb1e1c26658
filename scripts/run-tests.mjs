#!/usr/bin/env node
// Run every compiled test (dist/**/*.test.js, node_modules skipped) with `node --test`.
// `npm test` builds first; extra arguments are passed to node --test (e.g. --test-name-pattern).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.join(root, 'dist');

function findTests(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found = [];
  for (const entry of entries) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(full);
  }
  return found;
}

const files = findTests(distDir).sort();
if (files.length === 0) {
  console.error(`run-tests: no *.test.js files under ${distDir}; run npm run build first.`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', ...process.argv.slice(2), ...files], { stdio: 'inherit', cwd: root });
if (result.error) {
  console.error(`run-tests: cannot start node: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
