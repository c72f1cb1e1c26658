/**
 * The brief: briefly's output contract (schema version 1).
 *
 * These zod schemas are the single source of truth. `npm run schema` writes
 * `schema/brief.schema.json` from them, and a test fails when the committed
 * file drifts from the code. Field names are read by other tools: renaming
 * one needs a bump of {@link SCHEMA_VERSION}.
 *
 * Offsets: every `start`/`end` pair is a half-open range of JavaScript string
 * positions (UTF-16 code units) into `article.text`, the cleaned body. Items
 * whose evidence lies outside the body (the photo caption, the dek) carry
 * `text` and no offsets.
 */
import { z } from 'zod';

export const SCHEMA_VERSION = 1 as const;

const offset = z.number().int().nonnegative();

/** A half-open character range into `article.text`. */
export const SpanSchema = z.object({ start: offset, end: offset }).describe('Half-open character range into article.text');
export type Span = z.infer<typeof SpanSchema>;

/** Evidence as written, with optional offsets (absent when outside the body). */
const evidence = {
  text: z.string().describe('The evidence as written'),
  start: offset.optional().describe('Start offset into article.text; absent when the evidence is outside the body'),
  end: offset.optional().describe('End offset into article.text; absent when the evidence is outside the body'),
};

export const HeadingSchema = z.object({ ...evidence });
export type Heading = z.infer<typeof HeadingSchema>;

export const ResidueSchema = z
  .object({
    text: z.string(),
    kind: z.enum(['ui-label', 'section-label', 'image-credit', 'image-caption', 'author-bio', 'title', 'dek', 'boilerplate']),
  })
  .describe('Page residue separated from the body');
export type Residue = z.infer<typeof ResidueSchema>;

export const ArticleSchema = z.object({
  title: z.string().nullable(),
  dek: z.string().nullable().describe('Standfirst / subheadline'),
  byline: z.array(z.string()).describe('Author names'),
  publisher: z.string().nullable(),
  publishedAt: z.string().nullable().describe('ISO date, only when stated in the input; never invented'),
  section: z.string().nullable(),
  image: z
    .object({
      caption: z.string().nullable(),
      credit: z.string().nullable(),
      url: z.string().nullable().optional().describe('Lead image URL (HTML input: og:image, JSON-LD image)'),
    })
    .nullable(),
  authorBio: z.string().nullable(),
  headings: z.array(HeadingSchema).describe('Section headings inside the body'),
  residue: z.array(ResidueSchema).describe('Everything removed from the page that is not body text'),
  text: z.string().describe('The cleaned body; every offset in the brief points into it'),
  bodyStart: offset.describe('Where article.text starts in the input text: add it to any offset to point into the input (0 without cleanup)'),
  source: z
    .enum(['text', 'html'])
    .optional()
    .describe('What the input was: plain text, or an HTML page (saved file, JSONL "html" line or fetched URL) whose main content was extracted'),
  url: z.string().nullable().optional().describe('The page URL given or fetched (after redirects); null for text input'),
  canonicalUrl: z.string().nullable().optional().describe('The canonical URL the page declares'),
  modifiedAt: z.string().nullable().optional().describe('ISO date (or date-time) of the last update, only when stated in the page'),
  language: z.string().nullable().optional().describe('Language tag the page declares (html lang, og:locale), e.g. "en" or "fr-FR"'),
  tags: z.array(z.string()).optional().describe('Topic tags and keywords the page declares'),
});
export type Article = z.infer<typeof ArticleSchema>;

export const EntityTypeSchema = z.enum(['PERSON', 'ORG', 'PLACE', 'MISC']);
export type EntityType = z.infer<typeof EntityTypeSchema>;

export const EntitySchema = z.object({
  id: z.string(),
  type: EntityTypeSchema,
  name: z.string().describe('Canonical name: the fullest form used in the article'),
  aliases: z.array(z.string()).describe('Other forms used in the article'),
  role: z.string().nullable(),
  affiliation: z.string().nullable(),
  country: z.string().nullable(),
  countryCode: z.string().nullable().describe('ISO 3166-1 alpha-3 code of `country`'),
  mentions: z.array(SpanSchema),
});
export type Entity = z.infer<typeof EntitySchema>;

export const QuoteKindSchema = z.enum(['direct', 'indirect', 'mixed']);
export type QuoteKind = z.infer<typeof QuoteKindSchema>;

export const QuoteSchema = z.object({
  ...evidence,
  kind: QuoteKindSchema,
  speaker: z.string().nullable().describe('Entity id of the speaker'),
  speakerName: z.string().nullable(),
  speakerMention: SpanSchema.nullable().describe('The words that name or refer to the speaker (may be a pronoun)'),
  cue: z.string().nullable().describe('The speech verb or phrase'),
  cueSpan: SpanSchema.nullable(),
  cueType: z.enum(['speech', 'cognition', 'intention', 'stance', 'evidence']).nullable()
    .describe('What the cue reports: speech (said), cognition (believes), intention (wants to), stance (criticized), evidence (a poll shows); null when unattributed'),
  fragments: z.array(SpanSchema).describe('One range per piece of a quote split by its attribution'),
  reason: z.string().describe('Which rule produced this attribution'),
});
export type Quote = z.infer<typeof QuoteSchema>;

export const SourceSchema = z.object({
  ...evidence,
  source: z.string().describe('Who reported the claim'),
  sourceEntity: z.string().nullable(),
  cue: z.string().describe('The attribution phrase, e.g. "according to"'),
  attribution: SpanSchema.nullable().describe('Where the attribution phrase is'),
});
export type Source = z.infer<typeof SourceSchema>;

export const FigureSchema = z.object({
  ...evidence,
  value: z.number(),
  unit: z.string().describe('ISO 4217 code for money, "percent", or the counted noun (plural)'),
  about: z.string().nullable().describe('The clause the figure belongs to'),
  source: z.string().nullable(),
  date: z.string().nullable().describe('ISO date (partial allowed) the figure refers to'),
});
export type Figure = z.infer<typeof FigureSchema>;

export const WantSchema = z.object({
  ...evidence,
  actor: z.string().nullable().describe('Entity id of who wants it'),
  actorName: z.string().nullable(),
  cue: z.string().describe('The cue (wants, seeks, push for, a heading...)'),
});
export type Want = z.infer<typeof WantSchema>;

export const TimelineItemSchema = z.object({
  ...evidence,
  date: z.string().nullable().describe('ISO date, partial allowed (2022, 2023-02); null when relative and no reference date was given'),
  dateText: z.string().describe('The date expression as written'),
  dateSpan: SpanSchema.nullable(),
  relative: z.boolean().describe('True when the expression needs a reference date (Monday, last year)'),
});
export type TimelineItem = z.infer<typeof TimelineItemSchema>;

export const OutlookSchema = z.object({ ...evidence, cue: z.string() });
export type Outlook = z.infer<typeof OutlookSchema>;

export const EventSchema = z.object({
  sourceCode: z.string().describe('CAMEO actor code of who acts (e.g. CHNGOV, RUS, UKRMIL); "---" when unknown'),
  targetCode: z.string().describe('CAMEO actor code of who is acted upon; "---" when unknown'),
  source: z.string().nullable().describe('Entity id of the source, when the actor is an entity of the brief'),
  target: z.string().nullable().describe('Entity id of the target, when the actor is an entity of the brief'),
  code: z.string().describe('CAMEO event code as a string, leading zeros kept (e.g. "042")'),
  root: z.string().describe('Two-digit CAMEO root category (e.g. "04")'),
  quadClass: z.number().int().min(1).max(4).nullable().describe('1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict; null for a code outside CAMEO'),
  goldstein: z.number().nullable().describe('Goldstein conflict-cooperation score of the code (-10..10)'),
  negated: z.boolean().describe('The text says the event did not happen ("stopped short of offering aid")'),
  modality: z.enum(['asserted', 'reported', 'expected', 'hypothetical']).describe('How the text presents the event'),
  date: z.string().nullable().describe('ISO date (partial allowed) of the event: a date in its sentence, else the reference date'),
  text: z.string().describe('The words from source to target, as written'),
  start: offset.optional().describe('Start offset into article.text; absent when the event is read from the photo caption or the dek'),
  end: offset.optional().describe('End offset into article.text; absent when the event is read from the photo caption or the dek'),
}).describe('An event between actors, coded with CAMEO (who did what to whom)');
export type Event = z.infer<typeof EventSchema>;

export const BriefSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  generator: z.object({ name: z.literal('briefly'), version: z.string() }),
  referenceDate: z.string().nullable().describe('The --date used to resolve relative dates'),
  article: ArticleSchema,
  summary: z.string(),
  entities: z.array(EntitySchema),
  quotes: z.array(QuoteSchema),
  sources: z.array(SourceSchema),
  figures: z.array(FigureSchema),
  wants: z.array(WantSchema),
  timeline: z.array(TimelineItemSchema),
  outlook: z.array(OutlookSchema),
  events: z.array(EventSchema).optional().describe('Events between actors (CAMEO-coded); absent in briefs made before event coding'),
});
export type Brief = z.infer<typeof BriefSchema>;

/** The JSON Schema of a brief, generated from {@link BriefSchema}. */
export function briefJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(BriefSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return { $id: 'https://briefly.invalid/schema/brief.schema.json', title: 'briefly brief', ...schema };
}
