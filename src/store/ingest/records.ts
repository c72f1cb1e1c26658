/**
 * What the input readers hand to the ingest loop: an article to explain, or a malformed record to report.
 */
export interface ArticleRecord {
  kind: 'article';
  /** Stable key (idempotency): a WARC-Record-ID, a feed item's guid, a file path, a JSONL path and id, a URL. */
  key: string;
  /** Where it came from, for messages: "file.warc.gz record 12", "feed.xml item 3". */
  origin: string;
  format: 'text' | 'html';
  content: string;
  url: string | null;
  source: string | null;
  title: string | null;
  publishedAt: string | null;
}

export interface ErrorRecord {
  kind: 'error';
  origin: string;
  code: string;
  message: string;
}

export type InputRecord = ArticleRecord | ErrorRecord;

export function errorRecord(origin: string, code: string, message: string): ErrorRecord {
  return { kind: 'error', origin, code, message };
}

/** The host of a URL without "www.", or null. */
export function hostOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** An ISO 8601 date-time (or day) from a date string in any format Date understands (RFC 822, ISO); null if unreadable. */
export function isoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  return new Date(t).toISOString();
}
