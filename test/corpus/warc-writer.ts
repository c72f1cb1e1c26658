/**
 * Builds WARC files for tests: records written by hand, one gzip member per record for .warc.gz.
 */
import { gzipSync } from 'node:zlib';

export interface WarcRecordSpec {
  type: string;
  uri?: string;
  id?: string;
  contentType?: string;
  block: string | Buffer;
  /** Override the Content-Length header (to make a malformed record). */
  contentLength?: string | null;
}

export function warcRecord(r: WarcRecordSpec): Buffer {
  const block = typeof r.block === 'string' ? Buffer.from(r.block, 'utf8') : r.block;
  const headers = ['WARC/1.1', `WARC-Type: ${r.type}`, `WARC-Date: 2024-05-06T10:00:00Z`];
  if (r.id !== undefined) headers.push(`WARC-Record-ID: <urn:uuid:${r.id}>`);
  if (r.uri !== undefined) headers.push(`WARC-Target-URI: ${r.uri}`);
  if (r.contentType !== undefined) headers.push(`Content-Type: ${r.contentType}`);
  if (r.contentLength !== null) headers.push(`Content-Length: ${r.contentLength ?? String(block.length)}`);
  return Buffer.concat([Buffer.from(`${headers.join('\r\n')}\r\n\r\n`, 'latin1'), block, Buffer.from('\r\n\r\n')]);
}

export function httpResponse(body: string, contentType = 'text/html; charset=utf-8', status = 200): string {
  return `HTTP/1.1 ${status} ${status === 200 ? 'OK' : 'Other'}\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** A .warc.gz: one gzip member per record, as crawlers write them. */
export function gzipMembers(records: Buffer[]): Buffer {
  return Buffer.concat(records.map((r) => gzipSync(r)));
}
