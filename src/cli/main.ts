/**
 * The `briefly` command line.
 *
 *   briefly explain [FILE|URL] [--format md|json|html] [--date YYYY-MM-DD] [--out FILE]
 *                              [--no-cleanup] [--max-chars N] [--jsonl] [--pretty]
 *                              [--input auto|text|html] [--allow-private] [--timeout S] [--max-html-bytes N]
 *
 * Workflow of `explain`:
 *   1. validate the options in one place (resolveExplainCli);
 *   2. read and check the input (src/cli/input.ts: text or HTML, detected), fetch a URL
 *      (src/fetch/fetch-page.ts), or stream JSONL (src/cli/batch.ts);
 *   3. explain() (text) or explainHtml() (HTML: main-content extraction first) and render;
 *   4. write to stdout or --out (src/cli/output.ts).
 * Errors print `briefly: <message>` and exit with the code from src/cli/exit-codes.ts.
 * The analysis modules are loaded only when a command needs them, so
 * `--version` and `--help` start fast.
 *
 * @example
 * // bin/briefly.js
 * import { main } from '../dist/src/cli/main.js';
 * process.exitCode = await main(process.argv);
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { BrieflyError, isBrieflyError } from '../errors.js';
import { projectRoot } from '../data/paths.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, exitCodeFor } from './exit-codes.js';
import { registerCorpusCommands } from './corpus.js';

export const FORMATS = ['md', 'json', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** Options as commander hands them over (strings, unvalidated). */
export interface RawExplainOptions {
  format: string;
  date?: string;
  out?: string;
  cleanup: boolean;
  maxChars?: string;
  jsonl?: boolean;
  pretty?: boolean;
  input?: string;
  allowPrivate?: boolean;
  timeout?: string;
  maxHtmlBytes?: string;
  eventDictionaries?: string;
}

/** Options after validation. */
export interface ExplainCliOptions {
  format: Format;
  referenceDate: string | null;
  out: string | null;
  cleanup: boolean;
  maxChars: number | null;
  jsonl: boolean;
  pretty: boolean;
  input: InputKind;
  allowPrivate: boolean;
  /** Fetch time limit in milliseconds. */
  timeoutMs: number;
  maxHtmlBytes: number;
  /** Folder of raw PETRARCH dictionaries for event coding, or null (compiled Phoenix set). */
  eventDictionaries: string | null;
}

const INPUT_KINDS = ['auto', 'text', 'html'] as const;
type InputKind = (typeof INPUT_KINDS)[number];
/** Default fetch time limit, seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 15;
/** Default HTML size limit, bytes (kept equal to DEFAULT_MAX_HTML_BYTES in input.ts, which is loaded lazily). */
const DEFAULT_MAX_HTML_BYTES = 20_000_000;
const URL_RE = /^https?:\/\//i;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INTEGER_RE = /^\d+$/;

/**
 * True for a real calendar date written YYYY-MM-DD.
 *
 * @example
 * isCalendarDate('2024-02-29'); // true
 * isCalendarDate('2023-02-29'); // false
 */
export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (m === null) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * Validate the `explain` options; every rule is here, each error says what was expected and what was found.
 *
 * @example
 * resolveExplainCli({ format: 'json', cleanup: true, date: '2024-05-06' }, true).referenceDate; // '2024-05-06'
 */
export function resolveExplainCli(raw: RawExplainOptions, formatGiven: boolean): ExplainCliOptions {
  if (!(FORMATS as readonly string[]).includes(raw.format)) {
    throw new BrieflyError('BAD_OPTION', `--format must be one of ${FORMATS.join(', ')}; got '${raw.format}'.`);
  }
  const jsonl = raw.jsonl === true;
  let format = raw.format as Format;
  if (jsonl) {
    if (formatGiven && format !== 'json') {
      throw new BrieflyError('BAD_OPTION', `--jsonl writes JSON lines only: use --format json (or leave --format out), not '${format}'.`);
    }
    if (raw.pretty === true) throw new BrieflyError('BAD_OPTION', '--pretty cannot be used with --jsonl: each brief must stay on one line.');
    format = 'json';
  }
  let referenceDate: string | null = null;
  if (raw.date !== undefined) {
    if (!isCalendarDate(raw.date)) {
      throw new BrieflyError('BAD_OPTION', `--date expects a real calendar date as YYYY-MM-DD (e.g. 2024-05-06); got '${raw.date}'.`);
    }
    referenceDate = raw.date;
  }
  let maxChars: number | null = null;
  if (raw.maxChars !== undefined) {
    const n = INTEGER_RE.test(raw.maxChars) ? Number(raw.maxChars) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new BrieflyError('BAD_OPTION', `--max-chars expects a positive whole number of characters; got '${raw.maxChars}'.`);
    }
    maxChars = n;
  }
  if (raw.out !== undefined && raw.out.trim() === '') throw new BrieflyError('BAD_OPTION', '--out expects a file path; got an empty string.');
  const input = (raw.input ?? 'auto') as InputKind;
  if (!(INPUT_KINDS as readonly string[]).includes(input)) {
    throw new BrieflyError('BAD_OPTION', `--input must be one of ${INPUT_KINDS.join(', ')}; got '${String(raw.input)}'.`);
  }
  let timeoutMs = DEFAULT_TIMEOUT_SECONDS * 1000;
  if (raw.timeout !== undefined) {
    const t = /^\d+(?:\.\d+)?$/.test(raw.timeout) ? Number(raw.timeout) : NaN;
    if (!(t > 0 && t <= 600)) throw new BrieflyError('BAD_OPTION', `--timeout expects seconds between 0 and 600 (e.g. 10); got '${raw.timeout}'.`);
    timeoutMs = Math.round(t * 1000);
  }
  let maxHtmlBytes = DEFAULT_MAX_HTML_BYTES;
  if (raw.maxHtmlBytes !== undefined) {
    const n = INTEGER_RE.test(raw.maxHtmlBytes) ? Number(raw.maxHtmlBytes) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) throw new BrieflyError('BAD_OPTION', `--max-html-bytes expects a positive whole number of bytes; got '${raw.maxHtmlBytes}'.`);
    maxHtmlBytes = n;
  }
  return {
    input,
    allowPrivate: raw.allowPrivate === true,
    timeoutMs,
    maxHtmlBytes,
    format,
    referenceDate,
    out: raw.out ?? null,
    cleanup: raw.cleanup,
    maxChars,
    jsonl,
    pretty: raw.pretty === true,
    eventDictionaries: checkDictionariesOption(raw.eventDictionaries),
  };
}

function checkDictionariesOption(dir: string | undefined): string | null {
  if (dir === undefined) return null;
  if (dir.trim() === '' || !existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new BrieflyError('BAD_OPTION', `--event-dictionaries expects a folder of PETRARCH dictionaries (*.actors.txt, a verb dictionary); got '${dir}'.`);
  }
  return path.resolve(dir);
}

/** The package version, read from package.json at the project root. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

/** Run `briefly explain`; returns the exit code. */
async function runExplain(file: string | undefined, opts: ExplainCliOptions): Promise<number> {
  if (file === undefined && process.stdin.isTTY) {
    throw new BrieflyError('BAD_OPTION', 'No input: give a FILE (or - for stdin), or pipe the article into briefly, e.g. briefly explain article.txt');
  }
  const [{ explain, explainHtml, DEFAULT_EXPLAIN_OPTIONS }, { openSink }] = await Promise.all([import('../explain.js'), import('./output.js')]);
  const explainOptions = {
    referenceDate: opts.referenceDate,
    cleanup: opts.cleanup,
    maxChars: opts.maxChars ?? DEFAULT_EXPLAIN_OPTIONS.maxChars,
    // HTML pages (JSONL html lines, files, URLs) are limited by --max-html-bytes, read here as characters.
    maxHtmlChars: opts.maxHtmlBytes,
    eventDictionaries: opts.eventDictionaries,
  };
  if (opts.jsonl) {
    if (file !== undefined && URL_RE.test(file)) {
      throw new BrieflyError('BAD_OPTION', `--jsonl reads a JSON-lines file or stdin, not a URL ('${file}'): put {"id", "html", "url"} lines in a file.`);
    }
    const { runBatch } = await import('./batch.js');
    const sink = openSink(opts.out);
    const result = await runBatch({ file: file ?? null, sink, explain, explainHtml, explainOptions });
    await sink.close();
    process.stderr.write(`${result.briefs} brief${result.briefs === 1 ? '' : 's'}, ${result.errors} error${result.errors === 1 ? '' : 's'}\n`);
    return result.errors > 0 ? EXIT_FAILURE : EXIT_OK;
  }
  let brief;
  if (file !== undefined && URL_RE.test(file)) {
    const [{ fetchPage }, { decodeHtml }] = await Promise.all([import('../fetch/fetch-page.js'), import('../extract/html/decode.js')]);
    const page = await fetchPage(file, { allowPrivate: opts.allowPrivate, timeoutMs: opts.timeoutMs, maxBytes: opts.maxHtmlBytes });
    brief = explainHtml(decodeHtml(page.body, page.contentType).text, { ...explainOptions, url: page.url });
  } else {
    const { readInputPage } = await import('./input.js');
    const page = await readInputPage({ file: file ?? null, maxChars: explainOptions.maxChars, kind: opts.input, maxHtmlBytes: opts.maxHtmlBytes });
    brief = page.kind === 'html' ? explainHtml(page.text, explainOptions) : explain(page.text, explainOptions);
  }
  let output: string;
  if (opts.format === 'json') {
    output = `${JSON.stringify(brief, null, opts.pretty ? 2 : undefined)}\n`;
  } else if (opts.format === 'html') {
    output = (await import('../brief/render-html.js')).renderHtml(brief);
  } else {
    output = (await import('../brief/render-markdown.js')).renderMarkdown(brief);
  }
  const sink = openSink(opts.out);
  await sink.write(output);
  await sink.close();
  return EXIT_OK;
}

/** Build the commander program; `onExit` receives the exit code of the command that ran. */
export function buildProgram(onExit: (code: number) => void): Command {
  const program = new Command()
    .name('briefly')
    .description('Turn a news article into a sourced brief: who is involved, what they want and said, key numbers, timeline.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .showHelpAfterError('(run briefly --help for usage)');

  program
    .command('explain')
    .description('explain one article (a text or HTML file, a URL, or stdin), or a JSONL batch with --jsonl')
    .argument('[FILE]', 'article text or HTML file, an http(s) URL to fetch; - or nothing for stdin')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('md'))
    .option('--date <YYYY-MM-DD>', 'reference date for relative dates such as "Monday"')
    .option('--out <FILE>', 'write the output to FILE instead of stdout')
    .option('--no-cleanup', 'keep page residue in the body; offsets then refer to the input exactly')
    .option('--max-chars <N>', 'largest input accepted, in characters')
    .option('--jsonl', 'batch: FILE is JSON lines {"id","text"} or {"id","html","url"}; writes one JSON brief per line')
    .option('--pretty', 'indent JSON output')
    .addOption(new Option('--input <kind>', 'what FILE or stdin holds: auto (detect), text or html').choices(INPUT_KINDS).default('auto'))
    .option('--allow-private', 'allow fetching from loopback and private-network addresses')
    .option('--timeout <seconds>', `time limit for fetching a URL (default ${DEFAULT_TIMEOUT_SECONDS})`)
    .option('--max-html-bytes <N>', 'largest HTML page accepted, in bytes (default 20,000,000)')
    .option('--event-dictionaries <DIR>', 'code events with the PETRARCH dictionaries in DIR (Phoenix.*.actors.txt, CAMEO.2.0.txt, …) instead of the compiled set')
    .action(async (file: string | undefined, raw: RawExplainOptions, command: Command) => {
      const formatGiven = command.getOptionValueSource('format') === 'cli';
      onExit(await runExplain(file, resolveExplainCli(raw, formatGiven)));
    });
  registerCorpusCommands(program, onExit);
  return program;
}

/** Print an error the CLI way and return its exit code: no stack trace for a BrieflyError. */
export function reportError(e: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (isBrieflyError(e)) {
    stderr.write(`briefly: ${e.message}\n`);
    return exitCodeFor(e.code);
  }
  if (e instanceof CommanderError) {
    // Commander already printed its message; help and version are successes.
    return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
  stderr.write(`briefly: unexpected error (please report it): ${detail}\n`);
  return EXIT_FAILURE;
}

/**
 * Run the CLI with the given argv (node, script, args...) and return the exit code.
 *
 * @example
 * process.exitCode = await main(['node', 'briefly', 'explain', 'a.txt', '--format', 'json']);
 */
export async function main(argv: readonly string[] = process.argv): Promise<number> {
  let code = EXIT_OK;
  try {
    await buildProgram((c) => {
      code = c;
    }).parseAsync([...argv]);
    return code;
  } catch (e) {
    return reportError(e);
  }
}
