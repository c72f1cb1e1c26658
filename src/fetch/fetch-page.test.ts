/**
 * Fetching against a local HTTP server started by the test (the machine is offline): the private-address
 * guard, redirects and their limit, time limit, byte cap, user agent and compressed bodies.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { fetchPage, isPrivateAddress } from './fetch-page.js';
import { BrieflyError } from '../errors.js';

let server: http.Server;
let base = '';
let lastUserAgent = '';

before(async () => {
  server = http.createServer((req, res) => {
    lastUserAgent = req.headers['user-agent'] ?? '';
    const url = req.url ?? '/';
    if (url === '/page') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body><p>Hello</p></body></html>');
    } else if (url.startsWith('/hop/')) {
      const n = Number(url.slice(5));
      res.writeHead(302, { location: n > 0 ? `/hop/${n - 1}` : '/page' });
      res.end();
    } else if (url === '/slow') {
      setTimeout(() => res.end('late'), 3000).unref();
    } else if (url === '/big') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('x'.repeat(200_000));
    } else if (url === '/gzip') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.end(gzipSync('<p>zipped</p>'));
    } else if (url === '/bomb') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.end(gzipSync(Buffer.alloc(5_000_000, 0x20)));
    } else if (url === '/missing') {
      res.writeHead(404);
      res.end('no');
    } else {
      res.writeHead(500);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

async function rejectsWith(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof BrieflyError, String(e));
    assert.equal(e.code, code);
    assert.match(e.message, message);
    return true;
  });
}

test('private and loopback addresses are refused by default', async () => {
  await rejectsWith(fetchPage(`${base}/page`), 'BLOCKED_URL', /loopback or private-network address.*--allow-private/);
  await rejectsWith(fetchPage('http://localhost:9/x'), 'BLOCKED_URL', /--allow-private/);
  await rejectsWith(fetchPage('http://[::1]:9/x'), 'BLOCKED_URL', /--allow-private/);
  await rejectsWith(fetchPage('file:///etc/passwd'), 'BLOCKED_URL', /Only http and https/);
  await rejectsWith(fetchPage('http://user:pw@example.invalid/'), 'BLOCKED_URL', /credentials/);
});

test('address table', () => {
  for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fc00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:7f00:1']) {
    assert.equal(isPrivateAddress(ip), true, ip);
  }
  for (const ip of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111']) assert.equal(isPrivateAddress(ip), false, ip);
});

test('with allowPrivate: the page, its content type and the user agent', async () => {
  const page = await fetchPage(`${base}/page`, { allowPrivate: true });
  assert.equal(page.status, 200);
  assert.equal(page.contentType, 'text/html; charset=utf-8');
  assert.equal(page.body.toString('utf8'), '<html><body><p>Hello</p></body></html>');
  assert.match(lastUserAgent, /^briefly\//);
});

test('redirects are followed up to the limit', async () => {
  const page = await fetchPage(`${base}/hop/2`, { allowPrivate: true, maxRedirects: 5 });
  assert.equal(page.url, `${base}/page`);
  assert.equal(page.redirects, 3);
  await rejectsWith(fetchPage(`${base}/hop/9`, { allowPrivate: true, maxRedirects: 3 }), 'FETCH_FAILED', /Too many redirects/);
});

test('time limit, byte cap (also after decompression) and HTTP errors', async () => {
  await rejectsWith(fetchPage(`${base}/slow`, { allowPrivate: true, timeoutMs: 200 }), 'FETCH_FAILED', /Timed out .* after 200 ms/);
  await rejectsWith(fetchPage(`${base}/big`, { allowPrivate: true, maxBytes: 50_000 }), 'INPUT_TOO_LARGE', /limit of 50,000/);
  await rejectsWith(fetchPage(`${base}/bomb`, { allowPrivate: true, maxBytes: 100_000 }), 'INPUT_TOO_LARGE', /limit of 100,000/);
  await rejectsWith(fetchPage(`${base}/missing`, { allowPrivate: true }), 'FETCH_FAILED', /HTTP 404/);
  const zipped = await fetchPage(`${base}/gzip`, { allowPrivate: true });
  assert.equal(zipped.body.toString('utf8'), '<p>zipped</p>');
});

test('a host name that resolves to a private address is refused at connection time (DNS answer checked)', async (t) => {
  // The machine's own name usually resolves to a loopback address through /etc/hosts (no network needed).
  const name = hostname();
  const address = await lookup(name).then((a) => a.address).catch(() => null);
  if (address === null || !isPrivateAddress(address) || name === 'localhost') {
    t.skip(`skipped: ${name} does not resolve to a private address here`);
    return;
  }
  const port = new URL(base).port;
  await rejectsWith(fetchPage(`http://${name}:${port}/page`), 'BLOCKED_URL', new RegExp(`resolves to ${address.replace(/\./g, '\\.')}`));
  const page = await fetchPage(`http://${name}:${port}/page`, { allowPrivate: true });
  assert.equal(page.status, 200);
});
