/**
 * Open a corpus store from a --db value: a file path (SQLite, the default) or a postgres:// URL.
 *
 * @example
 * const store = await openStore('news.db');
 * const pg = await openStore('postgres://postgres@127.0.0.1:5432/test?schema=news');
 */
import { BrieflyError } from '../errors.js';
import type { CorpusStore } from './types.js';

export * from './types.js';

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

export interface OpenStoreOptions {
  nearDuplicates?: boolean;
  /** PostgreSQL schema to use (default "public"); tests use their own. */
  pgSchema?: string;
}

export async function openStore(db: string, options: OpenStoreOptions = {}): Promise<CorpusStore> {
  if (db.trim() === '') throw new BrieflyError('BAD_OPTION', '--db expects a SQLite file path or a postgres:// URL; got an empty string.');
  if (isPostgresUrl(db)) {
    const { openPostgresStore } = await import('./postgres.js');
    // A `schema` parameter in the URL picks the schema (postgres://…/db?schema=news); it is not passed to the driver.
    const url = new URL(db);
    const schema = url.searchParams.get('schema');
    url.searchParams.delete('schema');
    return openPostgresStore(url.toString(), { ...options, pgSchema: options.pgSchema ?? schema ?? undefined });
  }
  const { openSqliteStore } = await import('./sqlite.js');
  try {
    return openSqliteStore(db, options);
  } catch (e) {
    throw new BrieflyError('IO_ERROR', `Cannot open the database '${db}': ${(e as Error).message}.`);
  }
}
