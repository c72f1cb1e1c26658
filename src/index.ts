/**
 * briefly's library entry point.
 *
 * @example
 * import { explain } from 'briefly';
 * const brief = explain(articleText, { referenceDate: '2023-03-20' });
 * console.log(brief.quotes.map((q) => `${q.speakerName}: ${q.text}`));
 */
export { explain, explainHtml, DEFAULT_EXPLAIN_OPTIONS, DEFAULT_MAX_HTML_CHARS } from './explain.js';
export type { ExplainOptions, ExplainHtmlOptions } from './explain.js';
export { extractHtmlPage } from './extract/html/index.js';
export { decodeHtml } from './extract/html/decode.js';
export type { HtmlArticle, HtmlExtraction, PageMetadata } from './extract/html/index.js';
export { fetchPage } from './fetch/fetch-page.js';
export type { FetchOptions, FetchedPage } from './fetch/fetch-page.js';
export { BrieflyError, isBrieflyError } from './errors.js';
export type { ErrorCode } from './errors.js';
export { BriefSchema, SCHEMA_VERSION, briefJsonSchema } from './brief/schema.js';
export type { Brief, Entity, Quote, Figure, Want, TimelineItem, Outlook, Source, Article, Span } from './brief/schema.js';
export { renderMarkdown } from './brief/render-markdown.js';
export { renderHtml } from './brief/render-html.js';
