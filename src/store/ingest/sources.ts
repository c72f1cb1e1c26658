/**
 * Input discovery: paths (files and folders, walked recursively in name order) and URLs, each turned into
 * a stream of records by its format:
 *
 *   .html .htm .xhtml          one HTML page (key file:<absolute path>)
 *   .txt .text                 one text article
 *   .jsonl .ndjson             JSON lines {"id","text"} or {"id","html","url"}, optional title/source/publishedAt
 *   .warc .warc.gz .gz         WARC records (src/store/ingest/warc.ts)
 *   .xml .rss .atom            RSS / Atom feed (src/store/ingest/feed.ts)
 *   http(s)://…                fetched: a feed when it looks like one, else an HTML page
 *
 * Files are read as streams (JSONL, WARC) or one at a time (pages, feeds), so memory does not grow with
 * the input. `progress.bytesRead` counts file bytes consumed, for the progress bar.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { decodeHtml } from '../../extract/html/decode.js';
import { readFeed, looksLikeFeed } from './feed.js';
import { errorRecord, hostOf, isoDate, type InputRecord } from './records.js';
import { readWarc } from './warc.js';

export type FileKind = 'html' | 'text' | 'jsonl' | 'warc' | 'feed';

const URL_RE = /^https?:\/\//i;
/** A single page, text or feed file larger than this is refused (read whole). */
export const MAX_WHOLE_FILE_BYTES = 50_000_000;

export function fileKind(file: string): FileKind | null {
  const name = file.toLowerCase();
  if (/\.(warc|warc\.gz|arc\.gz)$/.test(name)) return 'warc';
  if (/\.(jsonl|ndjson)$/.test(name)) return 'jsonl';
  if (/\.(html?|xhtml|shtml)$/.test(name)) return 'html';
  if (/\.(txt|text)$/.test(name)) return 'text';
  if (/\.(xml|rss|atom)$/.test(name)) return 'feed';
  return null;
}

export interface Progress {
  bytesRead: number;
}

export interface ExpandedInput {
  kind: 'file' | 'url';
  target: string;
  fileKind: FileKind | null;
  bytes: number;
}

/** Expand the arguments into files (folders walked) and URLs; unknown extensions inside folders are left out. */
export async function expandInputs(inputs: readonly string[]): Promise<{ items: ExpandedInput[]; errors: InputRecord[] }> {
  const items: ExpandedInput[] = [];
  const errors: InputRecord[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile()) {
        const kind = fileKind(full);
        if (kind !== null) items.push({ kind: 'file', target: full, fileKind: kind, bytes: (await stat(full)).size });
      }
    }
  };
  for (const input of inputs) {
    if (URL_RE.test(input)) {
      items.push({ kind: 'url', target: input, fileKind: null, bytes: 0 });
      continue;
    }
    const abs = path.resolve(input);
    try {
      const s = await stat(abs);
      if (s.isDirectory()) await walk(abs);
      else {
        const kind = fileKind(abs);
        if (kind === null) errors.push(errorRecord(input, 'UNSUPPORTED_INPUT', 'Unknown file type: expected .html, .txt, .jsonl, .warc(.gz), .xml/.rss/.atom.'));
        else items.push({ kind: 'file', target: abs, fileKind: kind, bytes: s.size });
      }
    } catch (e) {
      errors.push(errorRecord(input, 'IO_ERROR', `Cannot read: ${(e as Error).message}`));
    }
  }
  return { items, errors };
}

/** A file read stream that adds the bytes it reads to progress.bytesRead. */
function countingStream(file: string, progress: Progress): NodeJS.ReadableStream & import('node:stream').Readable {
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      progress.bytesRead += chunk.length;
      cb(null, chunk);
    },
  });
  const src = createReadStream(file);
  src.on('error', (e) => counter.destroy(e));
  return src.pipe(counter);
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

async function* readJsonl(file: string, progress: Progress): AsyncGenerator<InputRecord> {
  const lines = createInterface({ input: countingStream(file, progress), crlfDelay: Infinity });
  const name = path.basename(file);
  let lineNo = 0;
  try {
    for await (const raw of lines) {
      lineNo++;
      const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (line.trim() === '') continue;
      const origin = `${name} line ${lineNo}`;
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch (e) {
        yield errorRecord(origin, 'BAD_JSONL_LINE', `Malformed JSON: ${(e as Error).message}.`);
        continue;
      }
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
        yield errorRecord(origin, 'BAD_JSONL_LINE', 'Expected a JSON object such as {"id": "a1", "text": "..."}.');
        continue;
      }
      const o = obj as Record<string, unknown>;
      const id = typeof o.id === 'string' || (typeof o.id === 'number' && Number.isFinite(o.id)) ? String(o.id) : null;
      if (id === null) {
        yield errorRecord(origin, 'BAD_JSONL_LINE', 'Expected "id" to be a string or a number.');
        continue;
      }
      const text = str(o.text);
      const html = str(o.html);
      if (text === null && html === null) {
        yield errorRecord(origin, 'BAD_JSONL_LINE', `Line id ${JSON.stringify(id)}: expected a non-empty "text" or "html" string.`);
        continue;
      }
      const url = str(o.url);
      yield {
        kind: 'article', key: `jsonl:${file}#${id}`, origin, format: text !== null ? 'text' : 'html', content: (text ?? html) as string,
        url, source: str(o.source) ?? str(o.outlet) ?? hostOf(url), title: str(o.title), publishedAt: isoDate(str(o.publishedAt) ?? str(o.date)),
      };
    }
  } catch (e) {
    yield errorRecord(`${name} line ${lineNo}`, 'IO_ERROR', `Cannot read further: ${(e as Error).message}.`);
  } finally {
    lines.close();
  }
}

async function* readWholeFile(item: ExpandedInput, progress: Progress): AsyncGenerator<InputRecord> {
  const file = item.target;
  const name = path.basename(file);
  if (item.bytes > MAX_WHOLE_FILE_BYTES) {
    progress.bytesRead += item.bytes;
    yield errorRecord(name, 'INPUT_TOO_LARGE', `The file has ${item.bytes.toLocaleString('en')} bytes; the limit is ${MAX_WHOLE_FILE_BYTES.toLocaleString('en')}.`);
    return;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    yield errorRecord(name, 'IO_ERROR', `Cannot read: ${(e as Error).message}`);
    return;
  }
  progress.bytesRead += bytes.length;
  if (item.fileKind === 'feed') {
    yield* readFeed(new TextDecoder('utf-8').decode(bytes), { name: file });
    return;
  }
  const format = item.fileKind === 'html' ? 'html' : 'text';
  const content = format === 'html' ? decodeHtml(bytes, null).text : new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  yield { kind: 'article', key: `file:${file}`, origin: name, format, content, url: null, source: null, title: null, publishedAt: null };
}

export interface ReadOptions {
  allowPrivate?: boolean;
  timeoutMs?: number;
  maxRecordBytes?: number;
}

async function* readUrl(url: string, options: ReadOptions): AsyncGenerator<InputRecord> {
  const { fetchPage } = await import('../../fetch/fetch-page.js');
  let page;
  try {
    page = await fetchPage(url, { allowPrivate: options.allowPrivate === true, timeoutMs: options.timeoutMs ?? 15_000 });
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'FETCH_FAILED';
    yield errorRecord(url, code, (e as Error).message);
    return;
  }
  const type = (page.contentType ?? '').toLowerCase();
  const head = page.body.subarray(0, 4096).toString('utf8');
  if (/(rss|atom|xml)/.test(type) || looksLikeFeed(head)) {
    yield* readFeed(page.body.toString('utf8'), { name: page.url });
    return;
  }
  const isText = type.startsWith('text/plain');
  const content = isText ? page.body.toString('utf8') : decodeHtml(page.body, page.contentType).text;
  yield {
    kind: 'article', key: `url:${page.url}`, origin: url, format: isText ? 'text' : 'html', content, url: page.url, source: hostOf(page.url),
    title: null, publishedAt: null,
  };
}

/** Every record of the expanded inputs, in order. */
export async function* readInputs(items: readonly ExpandedInput[], progress: Progress, options: ReadOptions = {}): AsyncGenerator<InputRecord> {
  for (const item of items) {
    if (item.kind === 'url') {
      yield* readUrl(item.target, options);
      continue;
    }
    switch (item.fileKind) {
      case 'jsonl':
        yield* readJsonl(item.target, progress);
        break;
      case 'warc': {
        const name = path.basename(item.target);
        yield* readWarc(countingStream(item.target, progress), {
          name, gzip: item.target.toLowerCase().endsWith('.gz'), maxRecordBytes: options.maxRecordBytes,
        });
        break;
      }
      default:
        yield* readWholeFile(item, progress);
    }
  }
}
