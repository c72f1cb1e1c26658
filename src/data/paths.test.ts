/** projectRoot() and sharedDataDir(). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot, sharedDataDir, SHARED_DATA_ENV } from './paths.js';

test('projectRoot() is the directory holding the briefly package.json', () => {
  const root = projectRoot();
  assert.ok(path.isAbsolute(root));
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string };
  assert.equal(pkg.name, 'briefly');
  assert.ok(existsSync(path.join(root, 'src', 'brief', 'schema.ts')));
});

test('sharedDataDir(): the env var wins, else ../shared/data when it exists, else null', () => {
  const saved = process.env[SHARED_DATA_ENV];
  try {
    process.env[SHARED_DATA_ENV] = 'some/relative/dir';
    assert.equal(sharedDataDir(), path.resolve('some/relative/dir'));
    delete process.env[SHARED_DATA_ENV];
    const expected = path.resolve(projectRoot(), '..', 'shared', 'data');
    assert.equal(sharedDataDir(), existsSync(expected) ? expected : null);
  } finally {
    if (saved === undefined) delete process.env[SHARED_DATA_ENV];
    else process.env[SHARED_DATA_ENV] = saved;
  }
});
