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
import { extractHtmlPage } from './extract/html/index.js';
import { loadDictionarySet } from './analyze/events/dictionary.js';

export interface ExplainOptions {
  /** Reference date (YYYY-MM-DD) for relative dates such as "Monday". Without it they stay unresolved. */
  referenceDate?: string | null;
  /** Separate page residue (icon labels, credits, bios) from the body. Off: offsets refer to the input exactly. */
  cleanup?: boolean;
  /** Largest input accepted, in UTF-16 code units (characters). */
  maxChars?: number;
  /** A folder of raw PETRARCH dictionaries for event coding (default null: the compiled Phoenix set in data/events/). */
  eventDictionaries?: string | null;
}

/** 5 million characters: many times the longest real article, and still analysed in seconds. */
export const DEFAULT_MAX_CHARS = 5_000_000;
/** Share of control characters above which text is taken for binary data. */
const MAX_CONTROL_SHARE = 0.1;

export const DEFAULT_EXPLAIN_OPTIONS: Required<ExplainOptions> = {
  referenceDate: null,
  cleanup: true,
  maxChars: DEFAULT_MAX_CHARS,
  eventDictionaries: null,
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

/** A dictionaries folder must hold a readable set: read (and cached) now, so a bad folder is a BAD_OPTION before any work. */
function checkEventDictionaries(dir: string | null): string | null {
  if (dir === null || dir === undefined) return null;
  loadDictionarySet('phoenix', dir);
  return dir;
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
    source: 'text', url: null, canonicalUrl: null, modifiedAt: null, language: null, tags: [],
  };
  const extras: ExtraText[] = [];
  if (opts.cleanup) {
    const page = extractTextPage(input);
    body = input.slice(page.body.start, page.body.end);
    meta = {
      title: page.title, dek: page.dek, byline: page.byline, publisher: page.publisher, publishedAt: page.publishedAt, section: page.section,
      image: page.imageCaption || page.imageCredit ? { caption: page.imageCaption, credit: page.imageCredit } : null,
      authorBio: page.authorBio, residue: page.residue, bodyStart: page.body.start,
      source: 'text', url: null, canonicalUrl: null, modifiedAt: null, language: null, tags: [],
    };
    if (page.dek) extras.push({ kind: 'dek', text: page.dek });
    if (page.imageCaption) extras.push({ kind: 'image-caption', text: page.imageCaption });
  }
  const doc: Doc = { text: body, referenceDate, extras, eventDictionaries: checkEventDictionaries(opts.eventDictionaries), layers: {} };
  return composeBrief(runPipeline(doc), meta);
}

export interface ExplainHtmlOptions extends Omit<ExplainOptions, 'cleanup'> {
  /** The page's URL (resolves relative links; reported as article.url). */
  url?: string | null;
  /** Largest HTML page accepted, in characters (default DEFAULT_MAX_HTML_CHARS). */
  maxHtmlChars?: number;
}

/** 20 million characters of HTML: the heaviest real news pages are 2–5 MB, most of it scripts and styles. */
export const DEFAULT_MAX_HTML_CHARS = 20_000_000;

/**
 * Explain one article given as an HTML page: extract the main content and metadata, then run the same
 * pipeline as explain(). Throws NO_ARTICLE when the page holds no article (a home, index or error page).
 *
 * @example
 * const brief = explainHtml(html, { url: 'https://example.org/news/1', referenceDate: '2024-05-06' });
 * brief.article.title; brief.article.byline; brief.article.text;
 */
export function explainHtml(html: string, options: ExplainHtmlOptions = {}): Brief {
  if (typeof html !== 'string') throw new BrieflyError('BAD_OPTION', `explainHtml() expects the page as a string; got ${html === null ? 'null' : typeof html}.`);
  const maxHtml = options.maxHtmlChars ?? DEFAULT_MAX_HTML_CHARS;
  if (html.length > maxHtml) {
    throw new BrieflyError('INPUT_TOO_LARGE', `The HTML page has ${html.length.toLocaleString('en')} characters; the limit is ${maxHtml.toLocaleString('en')}. Save only the article's page, or raise the limit (maxHtmlChars; --max-html-bytes on the command line).`);
  }
  if (html.trim().length === 0) throw new BrieflyError('EMPTY_INPUT', 'The HTML page is empty: give the saved page of an article.');
  if (html.slice(0, 65536).includes('\u0000')) throw new BrieflyError('BINARY_INPUT', 'The page contains NUL bytes: it looks like binary data, not HTML.');
  const referenceDate = options.referenceDate ? checkReferenceDate(options.referenceDate) : null;
  const url = options.url ?? null;
  const result = extractHtmlPage(html, { url });
  if (!result.found) {
    const where = url ? ` (${url})` : '';
    throw new BrieflyError('NO_ARTICLE', `No article found in the page${where}: ${result.reason}. Give the page of a single article.`);
  }
  const { article } = result;
  const m = article.metadata;
  const body = checkInput(article.text, options.maxChars ?? DEFAULT_MAX_CHARS);
  const residue: Parameters<typeof composeBrief>[1]['residue'] = article.residue.map((r) => ({
    text: r.text,
    kind: r.kind === 'byline' ? 'boilerplate' : r.kind,
  }));
  const meta: Parameters<typeof composeBrief>[1] = {
    title: m.title, dek: m.dek, byline: m.byline, publisher: m.publisher, publishedAt: m.publishedAt, section: m.section,
    image: article.image, authorBio: null, residue, bodyStart: 0,
    source: 'html', url, canonicalUrl: m.canonicalUrl, modifiedAt: m.modifiedAt, language: m.language, tags: m.tags,
  };
  const extras: ExtraText[] = [];
  if (m.dek) extras.push({ kind: 'dek', text: m.dek });
  if (article.image?.caption) extras.push({ kind: 'image-caption', text: article.image.caption });
  const doc: Doc = { text: body, referenceDate, extras, eventDictionaries: checkEventDictionaries(options.eventDictionaries ?? null), layers: {} };
  return composeBrief(runPipeline(doc), meta);
}
