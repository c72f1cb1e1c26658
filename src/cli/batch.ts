/**
 * JSONL batch mode: one article per input line, one JSON line out per
 * article, in input order, with constant memory.
 *
 * Input lines:  {"id": ..., "text": "..."}            → the brief, "id" first
 *               {"id": ..., "html": "...", "url"?: ...} → main content extracted, then the brief
 * Error record: {"id": <id or null>, "line": N, "error": {"code", "message"}}
 * Blank lines are skipped. A bad line never stops the batch: it gets an
 * error record on stdout and a message on stderr.
 *
 * @example
 * const { briefs, errors } = await runBatch({ file: 'in.jsonl', sink, explainOptions });
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { BrieflyError, isBrieflyError, type ErrorCode } from '../errors.js';
import type { Brief } from '../brief/schema.js';
import type { ExplainHtmlOptions, ExplainOptions } from '../explain.js';
import { checkText, isStdin, statInput } from './input.js';
import type { Sink } from './output.js';

/** Progress is redrawn at most this often (ms): about 10 times a second. */
export const PROGRESS_INTERVAL_MS = 100;

export type LineId = string | number | null;

export interface BatchOptions {
  /** Path, `-` or null for stdin. */
  file: string | null;
  sink: Sink;
  explain: (text: string, options: ExplainOptions) => Brief;
  /** Explains `html` lines; without it they get an UNSUPPORTED_INPUT error. */
  explainHtml?: (html: string, options: ExplainHtmlOptions) => Brief;
  explainOptions: ExplainOptions & { maxChars: number; maxHtmlChars?: number };
  stdin?: NodeJS.ReadableStream;
  stderr?: NodeJS.WriteStream;
}

export interface BatchResult {
  briefs: number;
  errors: number;
}

/** A line's outcome: the brief or an error, with the line's id when it could be read. */
type LineOutcome = { id: LineId; brief: Brief } | { id: LineId; error: { code: ErrorCode; message: string } };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function badLine(message: string): BrieflyError {
  return new BrieflyError('BAD_JSONL_LINE', message);
}

/** The id of a parsed line, when it is a usable one (string or finite number). */
function readId(obj: Record<string, unknown>): LineId {
  const id = obj.id;
  if (typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) return id;
  return null;
}

/** Turn one non-blank input line into a brief or an error; never throws. */
export function processLine(raw: string, lineNo: number, options: BatchOptions): LineOutcome {
  let id: LineId = null;
  try {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (e) {
      throw badLine(`Malformed JSON: ${(e as Error).message}.`);
    }
    if (!isPlainObject(parsed)) throw badLine('Expected a JSON object such as {"id": "a1", "text": "..."}.');
    id = readId(parsed);
    if (id === null) {
      throw badLine(`Expected "id" to be a string or a number, found ${parsed.id === undefined ? 'no "id"' : JSON.stringify(parsed.id)}.`);
    }
    const { text, html } = parsed;
    if (text === undefined && html !== undefined) {
      if (typeof html !== 'string') throw badLine(`Expected "html" to be a string, found ${typeof html}.`);
      const url = parsed.url;
      if (url !== undefined && url !== null && typeof url !== 'string') throw badLine(`Expected "url" to be a string, found ${typeof url}.`);
      if (options.explainHtml === undefined) {
        throw new BrieflyError('UNSUPPORTED_INPUT', 'HTML lines need an HTML-capable explainer; give the article\'s text in a "text" field.');
      }
      return { id, brief: options.explainHtml(html, { ...options.explainOptions, url: url ?? null }) };
    }
    if (typeof text !== 'string') {
      throw badLine(`Expected a "text" string field (or an "html" one), found ${text === undefined ? 'none' : typeof text}.`);
    }
    checkText(text, options.explainOptions.maxChars, `line ${lineNo}`);
    return { id, brief: options.explain(text, options.explainOptions) };
  } catch (e) {
    const code: ErrorCode = isBrieflyError(e) ? e.code : 'PIPELINE_ERROR';
    const message = e instanceof Error ? e.message : String(e);
    return { id, error: { code, message } };
  }
}

/** Draws "N lines, R/s" on a TTY stderr, throttled; silent on anything else. */
class Progress {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;
  constructor(private readonly stream: NodeJS.WriteStream | null) {}

  update(done: number): void {
    if (this.stream === null) return;
    const now = Date.now();
    if (now - this.lastDraw < PROGRESS_INTERVAL_MS) return;
    this.lastDraw = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    this.stream.write(`\r\x1b[K${done} lines, ${(done / seconds).toFixed(1)}/s`);
    this.drawn = true;
  }

  clear(): void {
    if (this.stream !== null && this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

/**
 * Stream a JSONL file (or stdin) through explain(), writing one line out per line in.
 *
 * @example
 * const result = await runBatch({ file: '-', sink: openSink(null), explain, explainOptions: { maxChars: 5e6 } });
 * process.exitCode = result.errors > 0 ? 1 : 0;
 */
export async function runBatch(options: BatchOptions): Promise<BatchResult> {
  const stderr = options.stderr ?? process.stderr;
  let input: NodeJS.ReadableStream;
  if (isStdin(options.file)) {
    input = options.stdin ?? process.stdin;
  } else {
    const file = String(options.file);
    await statInput(file, null);
    input = createReadStream(file, { encoding: 'utf8' });
  }
  let readError: unknown = null;
  input.on('error', (e) => {
    readError ??= e;
  });
  const progress = new Progress(stderr.isTTY ? stderr : null);
  const lines = createInterface({ input, crlfDelay: Infinity });
  const result: BatchResult = { briefs: 0, errors: 0 };
  let lineNo = 0;
  try {
    for await (const rawLine of lines) {
      lineNo++;
      // A BOM may open the first line of a file saved by an editor.
      const line = lineNo === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
      if (line.trim() === '') continue;
      const outcome = processLine(line, lineNo, options);
      let out: string;
      if ('brief' in outcome) {
        result.briefs++;
        out = JSON.stringify({ id: outcome.id, ...outcome.brief });
      } else {
        result.errors++;
        out = JSON.stringify({ id: outcome.id, line: lineNo, error: outcome.error });
        progress.clear();
        const idNote = outcome.id === null ? '' : ` (id ${JSON.stringify(outcome.id)})`;
        stderr.write(`briefly: line ${lineNo}${idNote}: ${outcome.error.message}\n`);
      }
      await options.sink.write(`${out}\n`);
      if (options.sink.closedByReader) break;
      progress.update(lineNo);
    }
  } finally {
    progress.clear();
    lines.close();
    if (!isStdin(options.file)) (input as ReadStream).destroy();
  }
  if (readError !== null) {
    throw new BrieflyError('IO_ERROR', `Cannot read ${isStdin(options.file) ? 'stdin' : `'${String(options.file)}'`}: ${(readError as Error).message}.`);
  }
  return result;
}
