/**
 * Bytes of an HTML page → text, in the page's own encoding.
 *
 * Order of trust (as browsers do): a byte-order mark, then the charset of the HTTP
 * Content-Type header, then a `<meta charset>` / `<meta http-equiv=Content-Type>` in the first
 * bytes, then UTF-8 when the bytes are valid UTF-8, else windows-1252 (what legacy pages without a
 * declaration mostly are). Decoding uses the WHATWG TextDecoder (Node ships full ICU, so Shift_JIS,
 * GBK, Big5, EUC-KR, KOI8-R, ISO-8859-x and the windows-125x code pages all decode).
 *
 * @example
 * decodeHtml(bytes, 'text/html; charset=ISO-8859-1').text;
 */

/** How far into the page a `<meta charset>` is looked for (the HTML standard says 1024 bytes; pages often put it later). */
export const META_SNIFF_BYTES = 4096;

export interface DecodedHtml {
  text: string;
  /** The encoding used (WHATWG name). */
  encoding: string;
  /** Where it came from. */
  source: 'bom' | 'http-header' | 'meta' | 'utf8-valid' | 'fallback';
}

/**
 * windows-1252 bytes 0x80–0x9F (the code page's published table). Node's TextDecoder decodes
 * windows-1252 as ISO-8859-1 and turns these bytes into C1 controls, so we map them ourselves.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const C1 = /[\u0080-\u009f]/g;

/** Decode bytes in an encoding (WHATWG name), with windows-1252 done right. */
function decodeAs(bytes: Uint8Array, encoding: string): string {
  if (encoding === 'windows-1252') {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1').replace(C1, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c.charCodeAt(0)));
  }
  return new TextDecoder(encoding).decode(bytes);
}

const CHARSET_IN_TYPE = /charset\s*=\s*["']?([\w.:-]+)/i;
const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i;

/** The WHATWG name for a label, or null when the label is unknown. */
export function normalizeEncoding(label: string): string | null {
  try {
    // UTF-16 declared in a meta tag is a lie (the meta could not be read otherwise): the standard says UTF-8.
    const enc = new TextDecoder(label.trim().toLowerCase()).encoding;
    return enc.startsWith('utf-16') ? 'utf-8' : enc;
  } catch {
    return null;
  }
}

function bomEncoding(bytes: Uint8Array): { encoding: string; skip: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  return null;
}

/** The encoding a page declares in its first bytes, if any. */
export function sniffMetaCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, META_SNIFF_BYTES)).toString('latin1');
  const m = META_CHARSET.exec(head);
  return m?.[1] ? normalizeEncoding(m[1]) : null;
}

/**
 * Decode a page's bytes.
 *
 * @example
 * decodeHtml(Buffer.from('<meta charset="windows-1252"><p>caf\xe9', 'latin1')).text; // '<meta charset="windows-1252"><p>café'
 */
export function decodeHtml(bytes: Uint8Array, contentType: string | null = null): DecodedHtml {
  const bom = bomEncoding(bytes);
  if (bom !== null) {
    return { text: new TextDecoder(bom.encoding).decode(bytes.subarray(bom.skip)), encoding: bom.encoding, source: 'bom' };
  }
  const declared = contentType ? CHARSET_IN_TYPE.exec(contentType)?.[1] : undefined;
  const fromHeader = declared ? normalizeEncoding(declared) : null;
  if (fromHeader !== null) return { text: decodeAs(bytes, fromHeader), encoding: fromHeader, source: 'http-header' };
  const fromMeta = sniffMetaCharset(bytes);
  if (fromMeta !== null) return { text: decodeAs(bytes, fromMeta), encoding: fromMeta, source: 'meta' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', source: 'utf8-valid' };
  } catch {
    return { text: decodeAs(bytes, 'windows-1252'), encoding: 'windows-1252', source: 'fallback' };
  }
}

const HTML_START = /^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<title|<!--|<div|<p[\s>]|<article|<section|<main|<table|<header|<link|<script|<style)/i;

/**
 * True when text looks like HTML rather than plain text (a tag at the start, or `<html`/`<body` early on).
 *
 * @example
 * looksLikeHtml('<!DOCTYPE html><html>...'); // true
 * looksLikeHtml('Storm hits coast\n\nThe storm...'); // false
 */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2048);
  return HTML_START.test(head) || /<(?:html|body)[\s>]/i.test(head);
}
