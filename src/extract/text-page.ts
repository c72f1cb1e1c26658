/**
 * Plain-text page cleanup: separate a scraped page's residue (icon labels,
 * "Filed under:", title, dek, photo caption and credit, author bio) from the
 * article body.
 *
 * Workflow:
 *   1. split the page into lines;
 *   2. walk the head of the page, classifying each line, until the first line of prose;
 *   3. walk the tail back over residue lines (bios, share bars);
 *   4. the body is the exact slice between, so body offsets map to the input by adding `bodyStart`.
 */
import { RESIDUE, normalizeKey } from '../data/lexicon.js';
import type { Residue } from '../brief/schema.js';
import type { Span } from '../text/span.js';
import { collapseWhitespace } from '../text/span.js';
import * as chrono from 'chrono-node';

/** A title is a short line without final punctuation. Calibrated on the seed and fixtures. */
const MAX_TITLE_WORDS = 25;
/** A dek (standfirst) is one or two sentences; first paragraphs of wire stories run longer. */
const MAX_DEK_WORDS = 30;
/** A credit line is short. */
const MAX_CREDIT_WORDS = 14;
/** Prose: enough words and sentence punctuation. */
const MIN_PROSE_WORDS = 8;

export interface TextPage {
  title: string | null;
  dek: string | null;
  byline: string[];
  publisher: string | null;
  publishedAt: string | null;
  section: string | null;
  imageCaption: string | null;
  imageCredit: string | null;
  authorBio: string | null;
  residue: Residue[];
  /** The body: a slice of the input. */
  body: Span;
}

interface Line extends Span {
  text: string;
}

const RE = {
  endsSentence: /[.!?…]["”’)]*$/u,
  bio: /^(\p{Lu}[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]+){1,3})\s+(?:is|was)\s+(?:an?|the)\s+([^.]*)/u,
  bylinePrefix: /^By\s+(\p{Lu}.*)$/u,
  words: /\S+/g,
  /** A wire dateline: "REYKJAVIK, Iceland —", "WASHINGTON (AP) —". */
  dateline: /^\p{Lu}[\p{Lu} .'-]{2,}(?:,\s*[\p{L} .]+)?\s*(?:\([^)]*\))?\s*[—–-]{1,2}\s/u,
};

function wordCount(s: string): number {
  return s.match(RE.words)?.length ?? 0;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  const re = /[^\n\r]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const raw = m[0];
    if (raw.trim().length === 0) continue;
    const lead = raw.length - raw.trimStart().length;
    const trail = raw.length - raw.trimEnd().length;
    out.push({ start: m.index + lead, end: m.index + raw.length - trail, text: raw.trim() });
  }
  return out;
}

/** A line of icon labels: lower-case words, most of them known UI labels. */
export function isUiLabelLine(line: string): boolean {
  const words = line.split(/\s+/);
  if (words.length < 2 || !words.every((w) => /^[a-z][a-z-]*$/.test(w))) return false;
  const known = words.filter((w) => RESIDUE.uiLabels.has(w)).length;
  return known / words.length >= 0.6;
}

function labelOf(line: string): { label: string; value: string | null } | null {
  const key = normalizeKey(line);
  if (RESIDUE.lineLabels.has(key)) return { label: line, value: null };
  for (const prefix of RESIDUE.labelPrefixes) {
    if (key.startsWith(normalizeKey(prefix))) {
      const value = line.slice(prefix.length).trim();
      return { label: prefix, value: value.length > 0 ? value : null };
    }
  }
  return null;
}

export function isCreditLine(line: string): boolean {
  if (wordCount(line) > MAX_CREDIT_WORDS || RE.endsSentence.test(line)) return false;
  return RESIDUE.creditCues.some((cue) => line.includes(cue)) || /^(?:Photo|Image|Credit)s?:/i.test(line);
}

function bioOf(line: string): { name: string; publisher: string | null } | null {
  const m = RE.bio.exec(line);
  if (!m) return null;
  const role = m[2]!;
  if (!RESIDUE.bioNouns.some((n) => new RegExp(`\\b${n}\\b`, 'i').test(role))) return null;
  const pub = /\b(?:at|for|with)\s+(?:the\s+)?(\p{Lu}[\p{L}&'’.-]*(?:\s+\p{Lu}[\p{L}&'’.-]*)*)/u.exec(role);
  return { name: m[1]!, publisher: pub ? pub[1]! : null };
}

/** A dek is one short sentence, not a dateline lead ("REYKJAVIK, Iceland — ..."). */
function isDekShaped(line: string): boolean {
  if (wordCount(line) > MAX_DEK_WORDS || !RE.endsSentence.test(line) || isCaptionLike(line)) return false;
  if (RE.dateline.test(line)) return false;
  // A first paragraph that reports speech ("…, saying the money was essential", "…, the union said") is the
  // lede: taken for a dek it would leave the body, and its quote and speaker with it.
  if (reportsSpeech(line)) return false;
  const sentences = line.split(/(?<=[.!?])\s+(?=["“]?\p{Lu})/u).length;
  return sentences === 1;
}

/** Does a line report speech ("said", "saying", "according to": page-residue.json ledeSpeechWords)? */
function reportsSpeech(line: string): boolean {
  return (line.toLowerCase().match(/\p{L}+/gu) ?? []).some((w) => RESIDUE.ledeSpeechWords.has(w));
}

function isCaptionLike(line: string): boolean {
  return RESIDUE.captionCues.some((cue) => line.includes(cue));
}

function isProse(line: string): boolean {
  return wordCount(line) >= MIN_PROSE_WORDS && RE.endsSentence.test(line);
}

function parseStatedDate(line: string): string | null {
  if (wordCount(line) > 10 || !/\b(1[89]|20)\d\d\b/.test(line)) return null;
  const r = chrono.parse(line, { instant: new Date(Date.UTC(2000, 0, 1)), timezone: 0 });
  const first = r[0];
  if (!first || first.text.length < line.replace(/^(?:Updated|Published|Posted)\s*:?\s*/i, '').length * 0.5) return null;
  const y = first.start.get('year');
  const mo = first.start.get('month');
  const d = first.start.get('day');
  if (!first.start.isCertain('year') || y === null || mo === null || d === null) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Separate page residue from the body of a plain-text page. */
export function extractTextPage(input: string): TextPage {
  const lines = splitLines(input);
  const page: TextPage = {
    title: null, dek: null, byline: [], publisher: null, publishedAt: null, section: null,
    imageCaption: null, imageCredit: null, authorBio: null, residue: [], body: { start: 0, end: 0 },
  };
  if (lines.length === 0) return page;

  // 2. The head of the page, up to the first line of body prose.
  let first = 0;
  let pendingProse: Line | null = null; // a prose line that may turn out to be a caption
  for (; first < lines.length; first++) {
    const line = lines[first]!;
    const t = line.text;
    if (isUiLabelLine(t)) { page.residue.push({ text: t, kind: 'ui-label' }); continue; }
    const label = labelOf(t);
    if (label) {
      page.residue.push({ text: t, kind: 'section-label' });
      if (/filed under|section|categor|topics/i.test(label.label) && label.value) page.section = label.value;
      continue;
    }
    // "By Maria Jensen, Reuters": a byline, though it names an agency that also signs photos.
    const by = RE.bylinePrefix.exec(t);
    if (by && wordCount(t) <= 12 && !RE.endsSentence.test(t)) {
      page.byline.push(...by[1]!.split(/\s*(?:,|\band\b|&)\s*/).map((s) => s.trim()).filter((s) => /^\p{Lu}/u.test(s)));
      page.residue.push({ text: t, kind: 'boilerplate' });
      continue;
    }
    if (isCreditLine(t)) {
      page.imageCredit = t;
      page.residue.push({ text: t, kind: 'image-credit' });
      if (pendingProse) { page.imageCaption = collapseWhitespace(pendingProse.text); page.residue.push({ text: pendingProse.text, kind: 'image-caption' }); pendingProse = null; }
      continue;
    }
    const bio = bioOf(t);
    if (bio) {
      page.authorBio = t;
      page.byline.push(bio.name);
      if (bio.publisher) page.publisher = bio.publisher;
      page.residue.push({ text: t, kind: 'author-bio' });
      continue;
    }
    const stated = parseStatedDate(t);
    if (stated) { page.publishedAt ??= stated; page.residue.push({ text: t, kind: 'boilerplate' }); continue; }
    if (pendingProse) break; // two prose lines in a row: the first was the body's start
    if (page.title === null && !isProse(t) && wordCount(t) <= MAX_TITLE_WORDS && !RE.endsSentence.test(t) && first + 1 < lines.length) {
      page.title = t;
      page.residue.push({ text: t, kind: 'title' });
      continue;
    }
    if (page.title !== null && page.dek === null && isDekShaped(t) && first + 2 < lines.length) {
      page.dek = t;
      page.residue.push({ text: t, kind: 'dek' });
      continue;
    }
    if (isCaptionLike(t) && first + 1 < lines.length) {
      // A caption is confirmed by a credit line right after it; otherwise it is the body.
      pendingProse = line;
      continue;
    }
    break;
  }
  if (pendingProse) {
    // Not followed by a credit: the line was body text after all, unless it looks like a caption.
    first = lines.indexOf(pendingProse);
  }
  if (first >= lines.length) {
    // The whole page is header-like: treat everything after residue as body rather than lose it.
    first = Math.max(0, lines.findIndex((l) => !page.residue.some((r) => r.text === l.text)));
    if (first < 0) first = 0;
  }

  // 3. The tail: bios and share bars after the last paragraph.
  let last = lines.length - 1;
  for (; last > first; last--) {
    const t = lines[last]!.text;
    if (isUiLabelLine(t) || labelOf(t)) { page.residue.push({ text: t, kind: isUiLabelLine(t) ? 'ui-label' : 'section-label' }); continue; }
    const bio = bioOf(t);
    if (bio && wordCount(t) < 60) {
      page.authorBio ??= t;
      if (!page.byline.includes(bio.name)) page.byline.push(bio.name);
      page.publisher ??= bio.publisher;
      page.residue.push({ text: t, kind: 'author-bio' });
      continue;
    }
    break;
  }
  page.body = { start: lines[first]!.start, end: lines[last]!.end };
  return page;
}
