/**
 * Write schema/brief.schema.json from the zod schemas in src/brief/schema.ts
 * (`npm run schema`). The file is generated: edit the zod schemas, then re-run.
 * test/schema.test.ts fails when the committed file and the code disagree.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { briefJsonSchema } from '../src/brief/schema.js';
import { projectRoot } from '../src/data/paths.js';

/** The schema file's exact text: pretty JSON and a final newline. */
export function schemaFileText(): string {
  return `${JSON.stringify(briefJsonSchema(), null, 2)}\n`;
}

/** Where the schema file lives. */
export function schemaFilePath(): string {
  return path.join(projectRoot(), 'schema', 'brief.schema.json');
}

function writeSchema(): void {
  const file = schemaFilePath();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, schemaFileText());
  console.log(`wrote ${path.relative(projectRoot(), file)}`);
}

writeSchema();
