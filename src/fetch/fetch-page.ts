/**
 * Fetching a news page by URL, safely.
 *
 * Workflow:
 *   1. check the URL (http or https only, no credentials in it);
 *   2. resolve the host and refuse loopback, private, link-local and other non-public addresses
 *      (unless allowPrivate) — the connection then goes to the address that was checked, so a
 *      DNS answer cannot change between the check and the request;
 *   3. request with a user agent, a total time limit and a byte cap (compressed and decompressed);
 *   4. follow at most maxRedirects redirects, checking each new URL the same way;
 *   5. return the bytes and the headers; decoding is decodeHtml()'s job.
 *
 * @example
 * const page = await fetchPage('https://example.org/news/1', { timeoutMs: 10_000 });
 * const { text } = decodeHtml(page.body, page.contentType);
 */
import http from 'node:http';
import https from 'node:https';
import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { BrieflyError } from '../errors.js';
import { VERSION } from '../version.js';

export interface FetchOptions {
  /** Whole request time limit, redirects included (ms). */
  timeoutMs?: number;
  /** Largest body accepted, in bytes (after decompression). */
  maxBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
  /** Allow loopback and private-network addresses (off by default: a fetched URL must not reach the local network). */
  allowPrivate?: boolean;
}

export interface FetchedPage {
  /** The URL the body came from, after redirects. */
  url: string;
  status: number;
  contentType: string | null;
  body: Buffer;
  redirects: number;
}

export const DEFAULT_FETCH_OPTIONS: Required<FetchOptions> = {
  timeoutMs: 15_000,
  maxBytes: 10_000_000,
  maxRedirects: 5,
  userAgent: `briefly/${VERSION} (news explainer; +https://briefly.invalid/bot)`,
  allowPrivate: false,
};

/** IPv4 ranges that are not the public internet (RFC 1918, loopback, link-local, CGNAT, multicast, reserved...). */
const BLOCKED_V4: [number, number][] = [
  [0x00000000, 8], [0x0a000000, 8], [0x64400000, 10], [0x7f000000, 8], [0xa9fe0000, 16], [0xac100000, 12],
  [0xc0000000, 24], [0xc0000200, 24], [0xc0a80000, 16], [0xc6120000, 15], [0xc6336400, 24], [0xcb007100, 24],
  [0xe0000000, 4], [0xf0000000, 4],
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((a, p) => ((a << 8) | Number(p)) >>> 0, 0);
}

/**
 * True for an address a fetch must not reach by default: loopback, private, link-local, unique-local,
 * CGNAT, multicast, unspecified, and IPv4-mapped forms of those.
 *
 * @example
 * isPrivateAddress('127.0.0.1'); // true
 * isPrivateAddress('93.184.216.34'); // false
 */
export function isPrivateAddress(ip: string): boolean {
  const kind = isIP(ip);
  if (kind === 4) {
    const n = v4ToInt(ip);
    return BLOCKED_V4.some(([base, bits]) => (n >>> (32 - bits)) === (base >>> (32 - bits)));
  }
  if (kind === 6) {
    const a = ip.toLowerCase();
    const mapped = /^(?:0*:)*:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(a);
    if (mapped?.[1]) return isPrivateAddress(mapped[1]);
    if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(a)) {
      const [hi, lo] = a.slice(7).split(':').map((h) => parseInt(h, 16));
      return isPrivateAddress(`${(hi ?? 0) >> 8}.${(hi ?? 0) & 255}.${(lo ?? 0) >> 8}.${(lo ?? 0) & 255}`);
    }
    if (a === '::' || a === '::1') return true;
    const first = parseInt(a.split(':')[0] || '0', 16);
    if ((first & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
    if ((first & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
    if ((first & 0xff00) === 0xff00) return true; // multicast
    if (first === 0x2001 && a.startsWith('2001:db8:')) return true; // documentation
    if (first === 0x64 && a.startsWith('64:ff9b:')) return true; // NAT64 can reach IPv4 private space
    return false;
  }
  return true;
}

function blocked(url: string, address: string): BrieflyError {
  return new BrieflyError(
    'BLOCKED_URL',
    `Refusing to fetch ${url}: it resolves to ${address}, a loopback or private-network address. Pass --allow-private to fetch from your own network.`,
  );
}

/** A DNS lookup that refuses non-public addresses; used by the request itself, so the checked address is the one connected to. */
function guardedLookup(url: string, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, '', 4);
        return;
      }
      const list = Array.isArray(addresses) ? addresses : [];
      const bad = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (bad !== undefined) {
        callback(blocked(url, bad.address) as NodeJS.ErrnoException, '', 4);
        return;
      }
      if (options.all) (callback as unknown as (e: null, a: typeof list) => void)(null, list);
      else if (list[0]) callback(null, list[0].address, list[0].family);
      else callback(new Error(`no address for ${hostname}`) as NodeJS.ErrnoException, '', 4);
    });
  };
}

function checkUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BrieflyError('BAD_OPTION', `Not a valid URL: '${raw}'. Give a full http:// or https:// address.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BrieflyError('BLOCKED_URL', `Only http and https URLs can be fetched; got '${url.protocol}' in ${raw}.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new BrieflyError('BLOCKED_URL', `Refusing to fetch ${url.host}: the URL carries credentials (user:password@).`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(host) !== 0 && isPrivateAddress(host)) throw blocked(raw, host);
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) throw blocked(raw, host);
  return url;
}

interface OneResponse {
  status: number;
  location: string | null;
  contentType: string | null;
  body: Buffer;
}

function decompress(res: http.IncomingMessage): Readable {
  const enc = (res.headers['content-encoding'] ?? '').toLowerCase().trim();
  if (enc === 'gzip' || enc === 'x-gzip') return res.pipe(createGunzip());
  if (enc === 'deflate') return res.pipe(createInflate());
  if (enc === 'br') return res.pipe(createBrotliDecompress());
  return res;
}

function requestOnce(url: URL, opts: Required<FetchOptions>, deadline: number): Promise<OneResponse> {
  return new Promise((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      reject(new BrieflyError('FETCH_FAILED', `Timed out fetching ${url.href} after ${opts.timeoutMs} ms (--timeout).`));
      return;
    }
    const lib = url.protocol === 'https:' ? https : http;
    let settled = false;
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      if (e instanceof BrieflyError) reject(e);
      else reject(new BrieflyError('FETCH_FAILED', `Cannot fetch ${url.href}: ${(e as Error).message}.`));
    };
    const req = lib.request(
      url,
      {
        method: 'GET',
        headers: {
          'user-agent': opts.userAgent,
          accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
          'accept-encoding': 'gzip, deflate, br',
        },
        lookup: guardedLookup(url.href, opts.allowPrivate),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const location = typeof res.headers.location === 'string' ? res.headers.location : null;
        const contentType = typeof res.headers['content-type'] === 'string' ? res.headers['content-type'] : null;
        if (status >= 300 && status < 400 && location !== null) {
          res.resume();
          settled = true;
          clearTimeout(timer);
          resolve({ status, location, contentType, body: Buffer.alloc(0) });
          return;
        }
        const declared = Number(res.headers['content-length'] ?? NaN);
        if (Number.isFinite(declared) && declared > opts.maxBytes) {
          fail(new BrieflyError('INPUT_TOO_LARGE', `${url.href} is ${declared.toLocaleString('en')} bytes, more than the limit of ${opts.maxBytes.toLocaleString('en')} (--max-bytes).`));
          return;
        }
        const chunks: Buffer[] = [];
        let total = 0;
        const stream = decompress(res);
        stream.on('data', (chunk: Buffer) => {
          total += chunk.length;
          if (total > opts.maxBytes) {
            stream.destroy();
            fail(new BrieflyError('INPUT_TOO_LARGE', `${url.href} sent more than the limit of ${opts.maxBytes.toLocaleString('en')} bytes (--max-bytes).`));
            return;
          }
          chunks.push(chunk);
        });
        stream.on('error', fail);
        stream.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status, location, contentType, body: Buffer.concat(chunks, total) });
        });
      },
    );
    const timer = setTimeout(() => fail(new BrieflyError('FETCH_FAILED', `Timed out fetching ${url.href} after ${opts.timeoutMs} ms (--timeout).`)), remaining);
    req.on('error', (e) => fail((e as unknown) instanceof BrieflyError ? e : e));
    req.end();
  });
}

/**
 * Fetch a page: guarded against private addresses, time- and size-limited, redirects followed up to a limit.
 * Throws BLOCKED_URL, FETCH_FAILED (network, timeout, HTTP error status, too many redirects) or INPUT_TOO_LARGE.
 *
 * @example
 * const page = await fetchPage('http://127.0.0.1:8080/a.html', { allowPrivate: true });
 */
export async function fetchPage(rawUrl: string, options: FetchOptions = {}): Promise<FetchedPage> {
  const opts = { ...DEFAULT_FETCH_OPTIONS, ...options };
  const deadline = Date.now() + opts.timeoutMs;
  let url = checkUrl(rawUrl, opts.allowPrivate);
  for (let redirects = 0; ; redirects++) {
    const res = await requestOnce(url, opts, deadline);
    if (res.status >= 300 && res.status < 400 && res.location !== null) {
      if (redirects >= opts.maxRedirects) {
        throw new BrieflyError('FETCH_FAILED', `Too many redirects fetching ${rawUrl}: more than ${opts.maxRedirects} (last to ${res.location}).`);
      }
      url = checkUrl(new URL(res.location, url).href, opts.allowPrivate);
      continue;
    }
    if (res.status < 200 || res.status >= 300) {
      throw new BrieflyError('FETCH_FAILED', `Fetching ${url.href} failed: the server answered HTTP ${res.status}.`);
    }
    return { url: url.href, status: res.status, contentType: res.contentType, body: res.body, redirects };
  }
}
