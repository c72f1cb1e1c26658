/**
 * A streaming WARC reader (WARC 1.0/1.1, plain or gzip: a .warc.gz is a series of gzip members, which
 * node:zlib's gunzip reads one after another).
 *
 * Each record is read with its declared Content-Length and handed on before the next is read, so memory
 * holds one record at a time. `response` records (HTTP 200, text/html or text/plain) and `resource` /
 * `conversion` records (text/html or text/plain) become articles; requests, metadata, warcinfo, redirects
 * and other media are passed over silently. A malformed record (no version line, bad or missing
 * Content-Length, truncated block, larger than the limit) is reported and the reader resynchronises on
 * the next "WARC/" version line; corrupt gzip data ends the file with an error after the records read
 * (zlib drops the output of the read chunk, 64 KiB, in which the corruption is found: records in that
 * chunk are covered by the error, not read).
 *
 * @example
 * for await (const rec of readWarc(createReadStream('crawl.warc.gz'), { name: 'crawl.warc.gz', gzip: true })) ...
 */
import { gunzipSync, createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { decodeHtml } from '../../extract/html/decode.js';
import { ByteReader } from './byte-reader.js';
import { errorRecord, hostOf, type InputRecord } from './records.js';

export const DEFAULT_MAX_RECORD_BYTES = 20_000_000;

export interface WarcOptions {
  /** File name for messages and for the key of records without a WARC-Record-ID. */
  name: string;
  gzip: boolean;
  maxRecordBytes?: number;
}

interface WarcHeader {
  version: string;
  fields: Map<string, string>;
}

function splitHeaderLine(line: string): [string, string] | null {
  const i = line.indexOf(':');
  if (i <= 0) return null;
  return [line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()];
}

/** Media type without parameters, lower case. */
function mediaType(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function articleFormat(type: string): 'html' | 'text' | null {
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'text/plain') return 'text';
  return null;
}

/** Undo HTTP chunked transfer coding; null when the body is not well-formed chunks. */
function dechunk(body: Buffer): Buffer | null {
  const parts: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const nl = body.indexOf('\r\n', pos);
    if (nl === -1) return null;
    const size = parseInt(body.toString('latin1', pos, nl).split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size) || size < 0) return null;
    if (size === 0) return Buffer.concat(parts);
    const start = nl + 2;
    if (start + size > body.length) return null;
    parts.push(body.subarray(start, start + size));
    pos = start + size + 2;
  }
}

/** An HTTP response block: status, headers and the decoded payload bytes. */
function parseHttp(block: Buffer): { status: number; headers: Map<string, string>; body: Buffer } | null {
  let sep = block.indexOf('\r\n\r\n');
  let sepLen = 4;
  if (sep === -1) {
    sep = block.indexOf('\n\n');
    sepLen = 2;
  }
  if (sep === -1) return null;
  const lines = block.toString('latin1', 0, sep).split(/\r?\n/);
  const m = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(lines[0] ?? '');
  if (!m) return null;
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const kv = splitHeaderLine(line);
    if (kv) headers.set(kv[0], kv[1]);
  }
  let body: Buffer = block.subarray(sep + sepLen);
  if ((headers.get('transfer-encoding') ?? '').toLowerCase().includes('chunked')) body = dechunk(body) ?? body;
  const enc = (headers.get('content-encoding') ?? '').toLowerCase();
  if (enc === 'gzip' || enc === 'x-gzip') {
    try {
      body = gunzipSync(body);
    } catch {
      return null;
    }
  }
  return { status: Number(m[1]), headers, body };
}

/**
 * The chunks of a stream, in order, with backpressure (paused while 8 chunks wait); an error ends the
 * iteration after the chunks that came before it, and is handed to onError.
 */
function drainThenStop(stream: Readable, onError: (e: Error) => void, upstream: Readable = stream): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  stream.on('data', (chunk: Buffer) => {
    queue.push(chunk);
    if (queue.length >= 8) upstream.pause();
    notify();
  });
  stream.on('end', () => {
    ended = true;
    notify();
  });
  stream.on('error', (e: Error) => {
    onError(e);
    ended = true;
    notify();
  });
  // The listeners above are attached now (not at the first next()), so nothing is missed before reading starts.
  return (async function* (): AsyncGenerator<Buffer> {
  try {
    for (;;) {
      const next = queue.shift();
      if (next !== undefined) {
        if (queue.length < 4 && upstream.isPaused()) upstream.resume();
        yield next;
        continue;
      }
      if (ended) return;
      if (upstream.isPaused()) upstream.resume();
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    stream.destroy();
    upstream.destroy();
  }
  })();
}

/** Records of a WARC stream (the raw file bytes; gunzipped here when options.gzip). */
export async function* readWarc(input: Readable, options: WarcOptions): AsyncGenerator<InputRecord> {
  const maxRecord = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  let streamError: Error | null = null;
  let stream: Readable = input;
  if (options.gzip) {
    // Fed by hand rather than piped: backpressure pauses the file, never the gunzip output, so the
    // records decompressed before a corrupt member are all read (a paused stream drops its buffer on error).
    const gunzip = createGunzip();
    input.on('error', (e) => gunzip.destroy(e));
    input.on('data', (chunk: Buffer) => gunzip.write(chunk));
    input.on('end', () => gunzip.end());
    stream = gunzip;
  }
  // Errors (corrupt gzip, read errors) end the iteration after every chunk produced before them
  // (a Readable's own async iterator would drop those); they are reported after the records read.
  const safe = drainThenStop(stream, (e) => {
    streamError = e;
  }, input);
  const reader = ByteReader.from(safe);
  let recordNo = 0;
  let resyncing = false;
  try {
    for (;;) {
      const line = await reader.readLine();
      if (line === null) break;
      if (line.trim() === '') continue;
      if (!/^WARC\/\d+\.\d+$/.test(line.trim())) {
        if (!resyncing) {
          resyncing = true;
          yield errorRecord(`${options.name} after record ${recordNo}`, 'BAD_WARC_RECORD', `Expected a "WARC/1.x" version line, found "${line.slice(0, 60)}"; skipping to the next record.`);
        }
        continue;
      }
      resyncing = false;
      recordNo++;
      const origin = `${options.name} record ${recordNo}`;
      const header: WarcHeader = { version: line.trim(), fields: new Map() };
      let headerOk = true;
      for (;;) {
        const h = await reader.readLine();
        if (h === null) { headerOk = false; break; }
        if (h === '') break;
        const kv = splitHeaderLine(h);
        if (kv) header.fields.set(kv[0], kv[1]);
      }
      if (!headerOk) {
        yield errorRecord(origin, 'BAD_WARC_RECORD', 'The file ends inside the record header.');
        break;
      }
      const lenText = header.fields.get('content-length');
      const length = lenText !== undefined && /^\d+$/.test(lenText) ? Number(lenText) : NaN;
      if (!Number.isSafeInteger(length)) {
        yield errorRecord(origin, 'BAD_WARC_RECORD', `Missing or invalid Content-Length (${lenText === undefined ? 'none' : JSON.stringify(lenText)}); skipping to the next record.`);
        resyncing = true;
        continue;
      }
      const type = (header.fields.get('warc-type') ?? '').toLowerCase();
      const wanted = type === 'response' || type === 'resource' || type === 'conversion';
      if (!wanted) {
        const skipped = await reader.skip(length);
        if (skipped < length) {
          yield errorRecord(origin, 'BAD_WARC_RECORD', `Truncated: the block has ${skipped} of its ${length} bytes.`);
          break;
        }
        continue;
      }
      if (length > maxRecord) {
        await reader.skip(length);
        yield errorRecord(origin, 'INPUT_TOO_LARGE', `The record has ${length.toLocaleString('en')} bytes; the limit is ${maxRecord.toLocaleString('en')}.`);
        continue;
      }
      const block = await reader.readExact(length);
      if (block.length < length) {
        yield errorRecord(origin, 'BAD_WARC_RECORD', `Truncated: the block has ${block.length} of its ${length} bytes.`);
        break;
      }
      const uri = header.fields.get('warc-target-uri')?.replace(/^<|>$/g, '') ?? null;
      const recordId = header.fields.get('warc-record-id');
      const key = recordId ? `warc:${recordId}` : `warc:${options.name}#${recordNo}`;
      let payload: Buffer;
      let ctype: string | null;
      if (type === 'response') {
        const http = parseHttp(block);
        if (http === null) {
          yield errorRecord(origin, 'BAD_WARC_RECORD', 'The response block is not a readable HTTP response.');
          continue;
        }
        if (http.status !== 200) continue;
        payload = http.body;
        ctype = http.headers.get('content-type') ?? null;
      } else {
        payload = block;
        ctype = header.fields.get('content-type') ?? null;
      }
      const format = articleFormat(mediaType(ctype));
      if (format === null) continue;
      const content = format === 'html' ? decodeHtml(payload, ctype).text : new TextDecoder('utf-8').decode(payload);
      yield { kind: 'article', key, origin, format, content, url: uri, source: hostOf(uri), title: null, publishedAt: null };
    }
  } finally {
    await safe.return(undefined);
    input.destroy();
  }
  if (streamError !== null) {
    yield errorRecord(`${options.name} after record ${recordNo}`, 'BAD_WARC_FILE', `Cannot read further: ${(streamError as Error).message}.`);
  }
}
