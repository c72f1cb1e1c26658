/**
 * Calls to the JSON API (notes: api-contract.md). Errors come back as {@link ApiError} with the
 * server's code and message, or NETWORK when the server could not be reached.
 */
import type { Brief } from '../brief/schema.js';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

async function parse<T>(res: Response): Promise<T> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) {
    const err = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = typeof err?.code === 'string' ? err.code : `HTTP_${res.status}`;
    const message = typeof err?.message === 'string' ? err.message : `The server answered ${res.status} ${res.statusText}.`;
    throw new ApiError(res.status, code, message);
  }
  if (body === null) throw new ApiError(res.status, 'BAD_RESPONSE', 'The server sent an answer that is not JSON.');
  return body as T;
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', ...init });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', `Could not reach the server: ${e instanceof Error ? e.message : String(e)}`);
  }
  return parse<T>(res);
}

/** GET a JSON endpoint with query parameters (empty values left out). */
export function getJson<T>(path: string, params: Record<string, string | number | undefined | null> = {}): Promise<T> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const q = qs.toString();
  return request<T>(q === '' ? path : `${path}?${q}`, { headers: { accept: 'application/json' } });
}

/** What to explain: pasted text, an HTML page (with its URL when known), or a URL for the server to fetch. */
export type ExplainRequest = { text: string } | { html: string; url?: string } | { url: string };

/** POST /api/explain. */
export function explainArticle(body: ExplainRequest, date?: string): Promise<Brief> {
  const q = date ? `?date=${encodeURIComponent(date)}` : '';
  return request<Brief>(`/api/explain${q}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
}
