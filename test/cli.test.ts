/**
 * The `briefly` command, run as a user runs it (node bin/briefly.js, after the build).
 * Assertions cover the CLI contract only (formats, exit codes, messages,
 * JSONL records), not the quality of the analysis.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BriefSchema } from '../src/brief/schema.js';
import { projectRoot } from '../src/data/paths.js';

const BIN = path.join(projectRoot(), 'bin', 'briefly.js');

const ARTICLE = `Harbour city agrees to rebuild its old sea wall

PORTMERE — The council of Portmere voted on Tuesday to rebuild the town's sea wall, after storms damaged it twice last winter.

"We cannot wait for the next storm," said Helen Brandt, the mayor of Portmere. She said the work would start in March 2024.

The project will cost 12 million euros, according to the regional planning office. Engineers expect it to take two years.

Tom Okafor, who leads the Portmere Fishers Association, said fishermen want access to the harbour during the works. "Our boats have to go out every day," he said.
`;

function run(args: string[], input?: string | Buffer): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd: projectRoot(),
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'briefly-cli-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertCleanError(r: SpawnSyncReturns<string>, exitCode: number, message: RegExp): void {
  assert.equal(r.status, exitCode, `exit code; stderr: ${r.stderr}`);
  assert.match(r.stderr, message);
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
  assert.equal(r.stdout, '', 'nothing on stdout');
}

test('--version prints the package version', () => {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string };
  const r = run(['--version']);
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trim(), pkg.version);
});

test('json: a schema-valid brief of the given text, on stdin', () => {
  const r = run(['explain', '--format', 'json'], ARTICLE);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.split('\n').filter((l) => l !== '').length, 1, 'compact JSON is one line');
  const brief = BriefSchema.parse(JSON.parse(r.stdout));
  assert.equal(brief.schemaVersion, 1);
  assert.equal(brief.referenceDate, null);
  assert.ok(r.stdout.includes('Helen Brandt'), 'the article reaches the brief');
});

test('--no-cleanup: the body is the input exactly, so offsets refer to the input', () => {
  const r = run(['explain', '--format', 'json', '--no-cleanup'], ARTICLE);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(BriefSchema.parse(JSON.parse(r.stdout)).article.text, ARTICLE);
});

test('json: file argument, --date, --pretty and --out', () => {
  withTempDir((dir) => {
    const input = path.join(dir, 'article.txt');
    const out = path.join(dir, 'brief.json');
    writeFileSync(input, `\uFEFF${ARTICLE}`);
    const r = run(['explain', input, '--format', 'json', '--date', '2024-02-29', '--pretty', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    const text = readFileSync(out, 'utf8');
    assert.match(text, /^\{\n {2}"schemaVersion": 1,/);
    const brief = BriefSchema.parse(JSON.parse(text));
    assert.equal(brief.referenceDate, '2024-02-29');
    assert.ok(!brief.article.text.includes('\uFEFF'), 'BOM stripped');
  });
});

test('md (default format): a Markdown document', () => {
  const r = run(['explain', '-'], ARTICLE);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^# .+\n/);
});

test('html: a standalone page with the CSP and no script', () => {
  const r = run(['explain', '--format', 'html'], ARTICLE);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^<!doctype html>/);
  assert.ok(r.stdout.includes(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;">`));
  assert.doesNotMatch(r.stdout, /<script/i);
});

test('markup-laden text (--input text): no crash, valid JSON, no live markup in HTML', () => {
  // Input that starts with a tag is taken for an HTML page by default; --input text keeps it text.
  const markup = `<div><script>alert(1)</script><p onclick="x">Hi</p></div>\n<a href="javascript:alert(2)">The minister said "we will act" on Monday.</a> " onload="alert(3)\n`;
  const json = run(['explain', '--format', 'json', '--input', 'text'], markup);
  assert.equal(json.status, 0, json.stderr);
  BriefSchema.parse(JSON.parse(json.stdout));
  const html = run(['explain', '--format', 'html', '--input', 'text'], markup);
  assert.equal(html.status, 0, html.stderr);
  assert.doesNotMatch(html.stdout, /<script|<a[\s>]|<[^>]*\son(click|load)=|" onload=/i);
  const md = run(['explain'], markup);
  assert.equal(md.status, 0, md.stderr);
  assert.doesNotMatch(md.stdout, /(^|[^\\])<(script|a |div|p )/m);
});

test('--date must be a real calendar date (exit 2)', () => {
  for (const bad of ['2023-02-29', '2024-13-01', '06/05/2024', '2024-5-6', 'yesterday']) {
    const r = run(['explain', '--date', bad], ARTICLE);
    assertCleanError(r, 2, new RegExp(`^briefly: --date expects a real calendar date as YYYY-MM-DD.*'${bad.replace(/[/]/g, '\\/')}'`));
  }
});

test('bad option values are usage errors (exit 2) that say what is allowed', () => {
  const format = run(['explain', '--format', 'pdf'], ARTICLE);
  assert.equal(format.status, 2);
  assert.match(format.stderr, /md, json, html/);
  const maxChars = run(['explain', '--max-chars', 'lots'], ARTICLE);
  assertCleanError(maxChars, 2, /--max-chars expects a positive whole number/);
  const unknown = run(['explain', '--frobnicate'], ARTICLE);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown option '--frobnicate'/);
  const command = run(['summarise'], ARTICLE);
  assert.equal(command.status, 2);
  assert.match(command.stderr, /unknown command/);
  const jsonlMd = run(['explain', '--jsonl', '--format', 'md'], '{"id":1,"text":"x"}\n');
  assertCleanError(jsonlMd, 2, /--jsonl writes JSON lines only/);
});

test('empty input is a clear input error (exit 3)', () => {
  assertCleanError(run(['explain'], ''), 3, /^briefly: The input \(stdin\) is empty/);
  assertCleanError(run(['explain', '--format', 'json'], ' \n\t\n'), 3, /is empty/);
});

test('a missing file is an IO error (exit 4)', () => {
  assertCleanError(run(['explain', path.join(tmpdir(), 'briefly-no-such-file.txt')]), 4, /^briefly: Cannot read '.*': no such file/);
});

test('binary input is refused (exit 3)', () => {
  withTempDir((dir) => {
    const file = path.join(dir, 'random.bin');
    const bytes = randomBytes(8192);
    for (let i = 0; i < bytes.length; i += 97) bytes[i] = 0;
    writeFileSync(file, bytes);
    assertCleanError(run(['explain', file]), 3, /^briefly: The input .* looks binary \(NUL bytes\), not text/);
    assertCleanError(run(['explain'], bytes), 3, /looks binary/);
  });
});

test('a 50 MB file fails fast with INPUT_TOO_LARGE (exit 3) without being read', () => {
  withTempDir((dir) => {
    const file = path.join(dir, 'huge.txt');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    const started = Date.now();
    const r = run(['explain', file]);
    const elapsed = Date.now() - started;
    assertCleanError(r, 3, /^briefly: The input '.*huge\.txt' is 52\.4 MB .* limit of 5,000,000 characters; raise it with --max-chars N/);
    assert.ok(elapsed < 5000, `took ${elapsed} ms`);
  });
});

test('--max-chars lowers the limit (exit 3) and the message names the flag', () => {
  assertCleanError(run(['explain', '--max-chars', '100'], ARTICLE), 3, /limit of 100 characters; raise it with --max-chars N/);
});

test('jsonl: one output line per input line, in order, ids kept, errors recorded, exit 1', () => {
  withTempDir((dir) => {
    const file = path.join(dir, 'batch.jsonl');
    const lines = [
      JSON.stringify({ id: 'first', text: ARTICLE }),
      '{"id": "broken", "text": ',
      '',
      JSON.stringify({ id: 42, html: '<nav><a href="/">Home</a> <a href="/news">News</a></nav>', url: 'https://example.invalid/a' }),
    ];
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = run(['explain', file, '--jsonl', '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(out.length, 3, 'blank line skipped, one line per record');

    const [ok, bad, html] = out;
    assert.equal(Object.keys(ok ?? {})[0], 'id', '"id" is the first key');
    assert.equal(ok?.id, 'first');
    const { id: _id, ...brief } = ok ?? {};
    BriefSchema.parse(brief);

    assert.deepEqual(Object.keys(bad ?? {}), ['id', 'line', 'error']);
    assert.equal(bad?.id, null);
    assert.equal(bad?.line, 2);
    assert.equal((bad?.error as { code: string }).code, 'BAD_JSONL_LINE');

    assert.equal(html?.id, 42);
    assert.equal(html?.line, 4);
    const htmlError = html?.error as { code: string; message: string };
    assert.equal(htmlError.code, 'NO_ARTICLE');
    assert.match(htmlError.message, /^No article found in the page \(https:\/\/example\.invalid\/a\): /);

    assert.match(r.stderr, /line 2: Malformed JSON/);
    assert.match(r.stderr, /line 4 \(id 42\): No article found/);
    assert.match(r.stderr, /^1 brief, 2 errors$/m);
    assert.ok(!r.stderr.includes('\r') && !r.stderr.includes('\u001b['), 'no progress output when stderr is not a TTY');
  });
});

test('jsonl: all-good batch from stdin exits 0; bad fields are reported per line', () => {
  const good = [1, 2, 3].map((n) => JSON.stringify({ id: `a${n}`, text: ARTICLE })).join('\n');
  const r = run(['explain', '--jsonl'], `${good}\n`);
  assert.equal(r.status, 0, r.stderr);
  const ids = r.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
  assert.deepEqual(ids, ['a1', 'a2', 'a3']);
  assert.match(r.stderr, /^3 briefs, 0 errors$/m);

  const mixed = ['[1,2]', '{"text":"no id"}', '{"id":"n","text":5}', '{"id":"e","text":"   "}'].join('\n');
  const m = run(['explain', '-', '--jsonl'], mixed);
  assert.equal(m.status, 1);
  const records = m.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: unknown; line: number; error: { code: string } });
  assert.deepEqual(records.map((x) => [x.id, x.line, x.error.code]), [
    [null, 1, 'BAD_JSONL_LINE'],
    [null, 2, 'BAD_JSONL_LINE'],
    ['n', 3, 'BAD_JSONL_LINE'],
    ['e', 4, 'EMPTY_INPUT'],
  ]);
  assert.match(m.stderr, /^0 briefs, 4 errors$/m);
});
