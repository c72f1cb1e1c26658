/**
 * The analysed document: one immutable text plus layers of spans.
 * Every offset in every layer points into `Doc.text` (the cleaned body).
 */
import type { Span } from '../text/span.js';
import type { Sentence, Token } from '../text/segment.js';
import type { SyntaxLayer } from '../text/pos.js';
import type { Entity, Event, Figure, Heading, Outlook, Quote, Source, TimelineItem, Want } from '../brief/schema.js';

/** Text from outside the body (caption, dek) that some stages also read; items from it carry no offsets. */
export interface ExtraText {
  kind: 'dek' | 'image-caption' | 'title';
  text: string;
}

/** One mention of an entity in the text. */
export interface Mention extends Span {
  entity: string;
  /** True when the mention is a full name (not a surname or title-only form). */
  full: boolean;
}

export interface EntityLayer {
  entities: Entity[];
  /** All mentions, sorted by start. */
  mentions: Mention[];
}

/** A stretch of text between quotation marks (speech or not, decided by the quotes stage). */
export interface Quotation extends Span {
  /** Content range: inside the marks. */
  inner: Span;
  /** The opening mark has no closing mark before the paragraph ends. */
  open: boolean;
  /** Written between single marks (‘…’ or '…'), not double ones. */
  single: boolean;
  /** Characters in each mark: 2 for a double mark typed as two apostrophes or backticks (''Yes,'' he said), else 1. */
  markLength: 1 | 2;
  paragraph: number;
}

export interface Layers {
  paragraphs: Span[];
  sentences: Sentence[];
  tokens: Token[];
  /** POS and chunk tags by token index (sentences are tagged when first read). */
  syntax: SyntaxLayer;
  headings: Heading[];
  quotations: Quotation[];
  entities: EntityLayer;
  quotes: Quote[];
  sources: Source[];
  figures: Figure[];
  wants: Want[];
  timeline: TimelineItem[];
  outlook: Outlook[];
  events: Event[];
}

export interface Doc {
  readonly text: string;
  /** ISO date (YYYY-MM-DD) to resolve relative dates against, or null: then they stay unresolved. */
  readonly referenceDate: string | null;
  readonly extras: readonly ExtraText[];
  /** Folder of raw PETRARCH dictionaries for the events stage (null/absent: the compiled Phoenix set). */
  readonly eventDictionaries?: string | null;
  readonly layers: Partial<Layers>;
}

/** A pipeline stage: a pure function of the document that returns one new layer. */
export interface Stage<K extends keyof Layers = keyof Layers> {
  name: string;
  reads: readonly (keyof Layers)[];
  writes: K;
  run(doc: Doc): Layers[K];
}

/** Read a layer a stage declared in `reads`; the runner has checked it exists. */
export function layer<K extends keyof Layers>(doc: Doc, key: K): Layers[K] {
  const value = doc.layers[key];
  if (value === undefined) throw new Error(`layer "${key}" is missing: a stage read it without declaring it`);
  return value as Layers[K];
}
