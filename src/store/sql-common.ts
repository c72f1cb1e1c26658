/**
 * Small helpers shared by the SQLite and PostgreSQL stores.
 */
import type { ArticleQuery } from './types.js';

/**
 * Turn a user's search words into a safe full-text query: every word or "quoted phrase" becomes a quoted
 * phrase, all of them required (FTS5 syntax such as NEAR or column filters in user input is not interpreted).
 *
 * @example
 * ftsQuery('power "shared grid"'); // '"power" "shared grid"'
 */
export function ftsQuery(q: string): string | null {
  const parts = q.match(/"[^"]*"|[^\s"]+/g) ?? [];
  const phrases = parts
    .map((p) => p.replace(/^"|"$/g, '').replace(/[^\p{L}\p{N}\s'-]+/gu, ' ').trim())
    .filter((p) => p.length > 0)
    .map((p) => `"${p.replace(/"/g, '""')}"`);
  return phrases.length > 0 ? phrases.join(' ') : null;
}

/** The YYYY-MM-DD part of a from/to filter (a full ISO date-time is cut to its day). */
export function dayBound(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  const m = /^(\d{4}(?:-\d{2}(?:-\d{2})?)?)/.exec(value);
  return m ? (m[1] as string) : null;
}

/** Upper day bound: a partial "2024-05" runs to the end of the month ("2024-05-99" sorts after every day in it). */
export function dayUpper(value: string | undefined): string | null {
  const d = dayBound(value);
  if (d === null) return null;
  if (d.length === 4) return `${d}-99-99`;
  if (d.length === 7) return `${d}-99`;
  return d;
}

export function hasFilters(q: ArticleQuery): boolean {
  return Boolean(q.q || q.from || q.to || q.outlet || q.entity);
}
