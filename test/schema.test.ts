/** The committed JSON Schema must match the zod schemas it is generated from. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { briefJsonSchema, SCHEMA_VERSION } from '../src/brief/schema.js';
import { projectRoot } from '../src/data/paths.js';

const SCHEMA_FILE = path.join(projectRoot(), 'schema', 'brief.schema.json');

test('schema/brief.schema.json equals briefJsonSchema()', () => {
  const committed = readFileSync(SCHEMA_FILE, 'utf8');
  assert.deepEqual(JSON.parse(committed), briefJsonSchema(), 'schema/brief.schema.json is out of date: run `npm run schema`');
  assert.equal(committed, `${JSON.stringify(briefJsonSchema(), null, 2)}\n`, 'schema/brief.schema.json is not formatted as generated: run `npm run schema`');
});

test('the schema pins the schema version', () => {
  const schema = briefJsonSchema() as { properties?: { schemaVersion?: { const?: unknown } } };
  assert.equal(schema.properties?.schemaVersion?.const, SCHEMA_VERSION);
});
