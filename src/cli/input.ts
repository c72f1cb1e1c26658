/**
 * Reading the CLI's input: a file or stdin, as bytes, checked before any
 * analysis runs. Too-large files are refused from their size on disk,
 * without reading them; binary data is refused from its first 64 KiB.
 *
 * @example
 * const text = await readInputText({ file: 'article.txt', maxChars: 5_000_000 });
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { BrieflyError } from '../errors.js';

/** How much of the input the binary check looks at. */
export const BINARY_SNIFF_BYTES = 64 * 1024;
/** Share of control characters above which the input is treated as binary (text has almost none). */
export const MAX_CONTROL_RATIO = 0.1;
/**
 * Most UTF-8 bytes one UTF-16 code unit can take (3: BMP characters; astral ones take 4 bytes for 2 units).
 * A file of more than maxChars * this many bytes cannot fit, so it is refused from its size alone.
 */
export const MAX_UTF8_BYTES_PER_CHAR = 3;

const UTF8_BOM = '\uFEFF';

/** `-` (or no file) means stdin. */
export function isStdin(file: string | null | undefined): boolean {
  return file === undefined || file === null || file === '-';
}

/** Display name of an input in messages. */
export function inputName(file: string | null | undefined): string {
  return isStdin(file) ? 'stdin' : `'${String(file)}'`;
}

/** Control characters other than tab, newline, vertical tab, form feed and carriage return. */
function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0b && code !== 0x0c && code !== 0x0d) || code === 0x7f;
}

/**
 * Why a sample looks binary ('NUL bytes', 'N% control characters'), or null when it looks like text.
 * Works on bytes (Buffer) and on strings (char codes).
 */
export function binaryReason(sample: { length: number; at(i: number): number | undefined }): string | null {
  const n = Math.min(sample.length, BINARY_SNIFF_BYTES);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const code = sample.at(i) ?? 0;
    if (code === 0) return 'NUL bytes';
    if (isControl(code)) controls++;
  }
  if (n > 0 && controls / n > MAX_CONTROL_RATIO) return `${Math.round((100 * controls) / n)}% control characters`;
  return null;
}

function stringCodes(text: string): { length: number; at(i: number): number | undefined } {
  return { length: text.length, at: (i) => text.charCodeAt(i) };
}

function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit] ?? ''} (${bytes.toLocaleString('en-US')} bytes)`;
}

function tooLarge(what: string, size: string, maxChars: number): BrieflyError {
  return new BrieflyError(
    'INPUT_TOO_LARGE',
    `${what} is ${size}, more than the limit of ${maxChars.toLocaleString('en-US')} characters; raise it with --max-chars N.`,
  );
}

/**
 * Check decoded text the way the CLI checks a file: not empty, not binary, not too long.
 * `what` names the input in messages ("stdin", "line 4").
 */
export function checkText(text: string, maxChars: number, what: string): void {
  if (text.trim().length === 0) throw new BrieflyError('EMPTY_INPUT', `The input (${what}) is empty: give an article text.`);
  const reason = binaryReason(stringCodes(text));
  if (reason !== null) throw new BrieflyError('BINARY_INPUT', `The input (${what}) looks binary (${reason}), not text: give a UTF-8 article text.`);
  if (text.length > maxChars) throw tooLarge(`The input (${what})`, `${text.length.toLocaleString('en-US')} characters`, maxChars);
}

/** Decode UTF-8 bytes (invalid sequences become U+FFFD) and drop a leading byte-order mark. */
export function decodeUtf8(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.startsWith(UTF8_BOM) ? text.slice(1) : text;
}

function ioError(file: string, e: unknown): BrieflyError {
  const err = e as NodeJS.ErrnoException;
  const why =
    err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.code === 'EISDIR' ? 'it is a directory' : err.message;
  return new BrieflyError('IO_ERROR', `Cannot read '${file}': ${why}.`);
}

/**
 * Check that a file exists, is a regular file (or a pipe/device) and is not obviously too large.
 * Returns its size in bytes.
 */
export async function statInput(file: string, maxChars: number | null): Promise<number> {
  let info;
  try {
    info = await stat(file);
  } catch (e) {
    throw ioError(file, e);
  }
  if (info.isDirectory()) throw new BrieflyError('IO_ERROR', `Cannot read '${file}': it is a directory.`);
  if (maxChars !== null && info.isFile() && info.size > maxChars * MAX_UTF8_BYTES_PER_CHAR) {
    throw tooLarge(`The input '${file}'`, formatBytes(info.size), maxChars);
  }
  return info.size;
}

/** Read a whole stream, giving up as soon as it passes `maxBytes`. */
async function readBytes(stream: NodeJS.ReadableStream, maxBytes: number, name: string, maxChars: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += buf.length;
    if (total > maxBytes) {
      if ('destroy' in stream && typeof stream.destroy === 'function') stream.destroy();
      throw tooLarge(`The input (${name})`, `over ${formatBytes(maxBytes)}`, maxChars);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, total);
}

/** Largest HTML file or fetched page accepted, in bytes (the heaviest real news pages are 2–5 MB). */
export const DEFAULT_MAX_HTML_BYTES = 20_000_000;

/** Input kinds `--input` accepts. */
export const INPUT_KINDS = ['auto', 'text', 'html'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

/** An article page read from a file or stdin: plain text, or HTML decoded in its own encoding. */
export type InputPage = { kind: 'text'; text: string } | { kind: 'html'; text: string; encoding: string };

const HTML_EXTENSIONS = /\.(?:html?|xhtml|shtml|php|aspx?)$/i;

/**
 * Read one article page, text or HTML. `kind: 'auto'` takes a file ending in .html/.htm (and the like)
 * or input that starts like markup for HTML; HTML is decoded from its BOM or meta charset, text as UTF-8.
 *
 * @example
 * const page = await readInputPage({ file: 'story.html', maxChars: 5_000_000, kind: 'auto' });
 */
export async function readInputPage(options: ReadInputOptions & { kind: InputKind; maxHtmlBytes?: number }): Promise<InputPage> {
  const { file, maxChars, kind } = options;
  if (kind === 'text') return { kind: 'text', text: await readInputText(options) };
  const name = inputName(file);
  const maxHtmlBytes = options.maxHtmlBytes ?? DEFAULT_MAX_HTML_BYTES;
  const maxBytes = Math.max(maxHtmlBytes, maxChars * MAX_UTF8_BYTES_PER_CHAR);
  let bytes: Buffer;
  if (isStdin(file)) {
    bytes = await readBytes(options.stdin ?? process.stdin, maxBytes, name, maxChars);
  } else {
    const path = String(file);
    const size = await statInput(path, null);
    if (size > maxBytes) throw tooLarge(`The input '${path}'`, formatBytes(size), maxChars);
    try {
      bytes = await readBytes(createReadStream(path), maxBytes, name, maxChars);
    } catch (e) {
      if (e instanceof BrieflyError) throw e;
      throw ioError(path, e);
    }
  }
  const { decodeHtml, looksLikeHtml } = await import('../extract/html/decode.js');
  const isHtml =
    kind === 'html' || (!isStdin(file) && HTML_EXTENSIONS.test(String(file))) || looksLikeHtml(bytes.subarray(0, 4096).toString('latin1'));
  if (!isHtml) {
    const reason = binaryReason(bytes);
    if (reason !== null) throw new BrieflyError('BINARY_INPUT', `The input (${name}) looks binary (${reason}), not text: give a UTF-8 article text.`);
    if (bytes.length > maxChars * MAX_UTF8_BYTES_PER_CHAR) throw tooLarge(`The input (${name})`, formatBytes(bytes.length), maxChars);
    const text = decodeUtf8(bytes);
    checkText(text, maxChars, name);
    return { kind: 'text', text };
  }
  if (bytes.length > maxHtmlBytes) {
    throw new BrieflyError('INPUT_TOO_LARGE', `The HTML page (${name}) is ${formatBytes(bytes.length)}, more than the limit of ${formatBytes(maxHtmlBytes)}; raise it with --max-html-bytes N.`);
  }
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0) && !(bytes[0] === 0xfe || bytes[0] === 0xff)) {
    throw new BrieflyError('BINARY_INPUT', `The input (${name}) contains NUL bytes: it looks like binary data, not an HTML page.`);
  }
  const decoded = decodeHtml(bytes);
  if (decoded.text.trim().length === 0) throw new BrieflyError('EMPTY_INPUT', `The input (${name}) is empty: give an article page.`);
  return { kind: 'html', text: decoded.text, encoding: decoded.encoding };
}

export interface ReadInputOptions {
  /** Path, `-` or null/undefined for stdin. */
  file?: string | null;
  maxChars: number;
  stdin?: NodeJS.ReadableStream;
}

/**
 * Read one article: size check (from disk when a file), bytes, binary check, UTF-8 decode, BOM strip,
 * empty and length checks.
 *
 * @example
 * const text = await readInputText({ file: '-', maxChars: 5_000_000 });
 */
export async function readInputText(options: ReadInputOptions): Promise<string> {
  const { file, maxChars } = options;
  const name = inputName(file);
  const maxBytes = maxChars * MAX_UTF8_BYTES_PER_CHAR;
  let bytes: Buffer;
  if (isStdin(file)) {
    bytes = await readBytes(options.stdin ?? process.stdin, maxBytes, name, maxChars);
  } else {
    const path = String(file);
    await statInput(path, maxChars);
    try {
      bytes = await readBytes(createReadStream(path), maxBytes, name, maxChars);
    } catch (e) {
      if (e instanceof BrieflyError) throw e;
      throw ioError(path, e);
    }
  }
  const reason = binaryReason(bytes);
  if (reason !== null) {
    throw new BrieflyError('BINARY_INPUT', `The input (${name}) looks binary (${reason}), not text: give a UTF-8 article text.`);
  }
  const text = decodeUtf8(bytes);
  checkText(text, maxChars, name);
  return text;
}
