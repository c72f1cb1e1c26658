/**
 * Compose the brief from the analysed document's layers and the page metadata.
 * Composition only selects and orders; it never re-analyses text.
 */
import type { Article, Brief } from './schema.js';
import { SCHEMA_VERSION } from './schema.js';
import type { Doc } from '../analyze/types.js';
import { layer } from '../analyze/types.js';
import { collapseWhitespace } from '../text/span.js';
import { VERSION } from '../version.js';

/** A summary line longer than this is cut at a word boundary. */
const MAX_SUMMARY_CHARS = 280;

export function composeSummary(doc: Doc, article: Omit<Article, 'text' | 'headings'>): string {
  if (article.dek) return collapseWhitespace(article.dek);
  const headings = new Set(layer(doc, 'headings').map((h) => h.start));
  const lead = layer(doc, 'sentences').find((s) => !headings.has(s.start));
  if (!lead) return '';
  const text = collapseWhitespace(doc.text.slice(lead.start, lead.end));
  if (text.length <= MAX_SUMMARY_CHARS) return text;
  return `${text.slice(0, text.lastIndexOf(' ', MAX_SUMMARY_CHARS))} …`;
}

export function composeBrief(doc: Doc, article: Omit<Article, 'text' | 'headings'>): Brief {
  return {
    schemaVersion: SCHEMA_VERSION,
    generator: { name: 'briefly', version: VERSION },
    referenceDate: doc.referenceDate,
    article: { ...article, headings: layer(doc, 'headings'), text: doc.text },
    summary: composeSummary(doc, article),
    entities: layer(doc, 'entities').entities,
    quotes: layer(doc, 'quotes'),
    sources: layer(doc, 'sources'),
    figures: layer(doc, 'figures'),
    wants: layer(doc, 'wants'),
    timeline: layer(doc, 'timeline'),
    outlook: layer(doc, 'outlook'),
    events: layer(doc, 'events'),
  };
}
