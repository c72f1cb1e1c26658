/**
 * explain(): one article's text in, one brief out.
 *
 * Workflow:
 *   1. check the input (type, empty, too large, binary) and the options;
 *   2. separate page residue from the body (unless cleanup is off);
 *   3. run the analysis pipeline over the body (src/pipeline.ts);
 *   4. compose the brief from the layers (src/brief/compose.ts).
 */
import { BrieflyError } from './errors.js';
import type { Brief } from './brief/schema.js';
import { composeBrief } from './brief/compose.js';
import { extractTextPage } from './extract/text-page.js';
import { runPipeline } from './pipeline.js';
import type { Doc, ExtraText } from './analyze/types.js';

export interface ExplainOptions {
  /** Reference date (YYYY-MM-DD) for relative dates such as "Monday". Without it they stay unresolved. */
  referenceDate?: string | null;
  /** Separate page residue (icon labels, credits, bios) from the body. Off: offsets refer to the input exactly. */
  cleanup?: boolean;
  /** Largest input accepted, in UTF-16 code units (characters). */
  maxChars?: number;
}

/** 5 million characters: many times the longest real article, and still analysed in seconds. */
export const DEFAULT_MAX_CHARS = 5_000_000;
/** Share of control characters above which text is taken for binary data. */
const MAX_CONTROL_SHARE = 0.1;

export const DEFAULT_EXPLAIN_OPTIONS: Required<ExplainOptions> = {
  referenceDate: null,
  cleanup: true,
  maxChars: DEFAULT_MAX_CHARS,
};

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Validate a YYYY-MM-DD reference date; throws BAD_OPTION with the expected form. */
export function checkReferenceDate(value: string): string {
  const m = ISO_DAY.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw new BrieflyError('BAD_OPTION', `The reference date must be a calendar date as YYYY-MM-DD (e.g. 2023-03-20); got "${value}".`);
  }
  return value;
}

function checkInput(text: unknown, maxChars: number): string {
  if (typeof text !== 'string') throw new BrieflyError('BAD_OPTION', `explain() expects the article as a string; got ${text === null ? 'null' : typeof text}.`);
  if (text.length > maxChars) {
    throw new BrieflyError('INPUT_TOO_LARGE', `The input has ${text.length.toLocaleString('en')} characters; the limit is ${maxChars.toLocaleString('en')}. Split it into articles, or raise the limit (maxChars / --max-chars).`);
  }
  if (text.trim().length === 0) throw new BrieflyError('EMPTY_INPUT', 'The input is empty: give the text of an article.');
  const sample = text.slice(0, 65536);
  if (sample.includes('\u0000')) throw new BrieflyError('BINARY_INPUT', 'The input contains NUL bytes: it looks like binary data, not article text.');
  // eslint-disable-next-line no-control-regex
  const controls = sample.match(/[\u0001-\u0008\u000e-\u001f\u007f\ufffd]/g)?.length ?? 0;
  if (controls / sample.length > MAX_CONTROL_SHARE) {
    throw new BrieflyError('BINARY_INPUT', 'The input is mostly control or undecodable characters: it looks like binary data or a wrong encoding. Give UTF-8 text.');
  }
  return text;
}

/**
 * Explain one article.
 *
 * @example
 * const brief = explain(text, { referenceDate: '2023-03-20' });
 * for (const q of brief.quotes) console.log(q.speakerName, q.text);
 */
export function explain(text: string, options: ExplainOptions = {}): Brief {
  const opts = { ...DEFAULT_EXPLAIN_OPTIONS, ...options };
  const input = checkInput(text, opts.maxChars);
  const referenceDate = opts.referenceDate ? checkReferenceDate(opts.referenceDate) : null;

  let body = input;
  let meta: Parameters<typeof composeBrief>[1] = {
    title: null, dek: null, byline: [], publisher: null, publishedAt: null, section: null, image: null, authorBio: null, residue: [], bodyStart: 0,
  };
  const extras: ExtraText[] = [];
  if (opts.cleanup) {
    const page = extractTextPage(input);
    body = input.slice(page.body.start, page.body.end);
    meta = {
      title: page.title, dek: page.dek, byline: page.byline, publisher: page.publisher, publishedAt: page.publishedAt, section: page.section,
      image: page.imageCaption || page.imageCredit ? { caption: page.imageCaption, credit: page.imageCredit } : null,
      authorBio: page.authorBio, residue: page.residue, bodyStart: page.body.start,
    };
    if (page.dek) extras.push({ kind: 'dek', text: page.dek });
    if (page.imageCaption) extras.push({ kind: 'image-caption', text: page.imageCaption });
  }
  const doc: Doc = { text: body, referenceDate, extras, layers: {} };
  return composeBrief(runPipeline(doc), meta);
}
