/** Decoding pages in their own encodings: BOM, HTTP header, meta charset, UTF-8 sniffing, legacy fallback. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHtml, looksLikeHtml } from './decode.js';

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');

test('meta charset windows-1252: curly quotes and accents', () => {
  const bytes = Buffer.concat([latin1('<html><head><meta charset="windows-1252"></head><body><p>'), Buffer.from([0x93, 0x63, 0x61, 0x66, 0xe9, 0x94]), latin1('</p>')]);
  const d = decodeHtml(bytes);
  assert.equal(d.encoding, 'windows-1252');
  assert.equal(d.source, 'meta');
  assert.ok(d.text.includes('“café”'));
});

test('http-equiv Content-Type with Shift_JIS', () => {
  // "日本" in Shift_JIS is 93 fa 96 7b.
  const bytes = Buffer.concat([latin1('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><p>'), Buffer.from([0x93, 0xfa, 0x96, 0x7b]), latin1('</p>')]);
  const d = decodeHtml(bytes);
  assert.equal(d.encoding, 'shift_jis');
  assert.ok(d.text.includes('日本'));
});

test('the HTTP header wins over the meta tag; a BOM wins over both', () => {
  const body = Buffer.concat([latin1('<meta charset="utf-8"><p>'), Buffer.from([0xe9]), latin1('</p>')]);
  assert.ok(decodeHtml(body, 'text/html; charset=ISO-8859-1').text.includes('é'));
  const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<p>naïve</p>', 'utf8')]);
  const d = decodeHtml(withBom, 'text/html; charset=windows-1251');
  assert.equal(d.source, 'bom');
  assert.equal(d.text, '<p>naïve</p>');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<p>ü</p>', 'utf16le')]);
  assert.equal(decodeHtml(utf16).text, '<p>ü</p>');
});

test('no declaration: valid UTF-8 stays UTF-8, anything else is read as windows-1252', () => {
  assert.equal(decodeHtml(Buffer.from('<p>Zürich — ok</p>', 'utf8')).source, 'utf8-valid');
  const d = decodeHtml(latin1('<p>Z\xfcrich</p>'));
  assert.equal(d.source, 'fallback');
  assert.equal(d.text, '<p>Zürich</p>');
});

test('an unknown charset label falls through to sniffing', () => {
  assert.equal(decodeHtml(Buffer.from('<meta charset="x-made-up"><p>é</p>', 'utf8')).text, '<meta charset="x-made-up"><p>é</p>');
});

test('looksLikeHtml', () => {
  assert.equal(looksLikeHtml('<!DOCTYPE html>\n<html>'), true);
  assert.equal(looksLikeHtml('  <p>Hello</p>'), true);
  assert.equal(looksLikeHtml('Harbour city agrees\n\nThe council <b>voted</b>.'), false);
});
