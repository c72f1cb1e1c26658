/**
 * Attribution frames: for each cue (a speech, belief, intention, stance or
 * evidence verb, or "according to"), find its source (the words naming who)
 * and its content (what was said or thought), as spans over the text.
 *
 * Workflow, for each cue in text order that is not inside a quotation or
 * inside an earlier frame:
 *   1. the source: the subject to the left of the cue (skipping auxiliaries,
 *      adverbs and time phrases; over an apposition or relative clause to the
 *      name before it), else the noun phrase right after it ("…,” said X);
 *   2. the content, by the shape around the cue:
 *      - tail: a quotation ends right before the attribution (“A,” X said),
 *        and a quotation right after the attribution continues it (. “B.”);
 *      - lead: a quotation starts right after the cue (X said: “A”), or the
 *        cue's sentence ends the paragraph with a colon and the next
 *        paragraph opens with a quotation;
 *      - complement: the rest of the sentence after the cue (X said that …,
 *        X wants to …, X criticized …); mixed when it holds quotation marks;
 *      - inverted: the sentence before the attribution (…, X said. / …, said X.);
 *   3. claim the tokens of the frame so nested cues are not read again.
 *
 * Grammar comes from the syntax layer (part-of-speech tags and phrase
 * chunks): a cue must be used as a verb, and a subject is the noun-phrase
 * chunk before the verb group, over appositions, parentheses and relative
 * clauses. Word lists (data/lexicon/attribution.json) supply the cues and
 * the phrases between a subject and its verb; there is no full parser, and
 * these shapes cover how news attributes.
 */
import type { QuoteKind } from '../../brief/schema.js';
import type { CueClass } from '../../data/lexicon.js';
import { ATTRIBUTION, CUE_FORMS, HEDGE_FORMS, MULTIWORD_CUES, NAME_PARTICLES, ROLE_NOUNS } from '../../data/lexicon.js';
import type { SyntaxLayer } from '../../text/pos.js';
import type { Sentence, Token } from '../../text/segment.js';
import type { Span } from '../../text/span.js';
import { firstStartingAt, spansWithin } from '../../text/span.js';
import { datelineEnd } from '../../text/dateline.js';
import type { Quotation } from '../types.js';

export interface Frame {
  cue: Span;
  cls: CueClass;
  lemma: string;
  /** The words naming or referring to the source, as written (no apposition). */
  source: Span | null;
  /** For a relative pronoun ("Trump, who said …"), the phrase it refers to. */
  antecedent?: Span;
  /** How the source was found: its own words, or borrowed from the main clause ("…, saying"). */
  sourceHow: 'subject' | 'inverted' | 'pronoun' | 'relative' | 'main-clause' | 'none';
  content: Span[];
  kind: QuoteKind;
  /** Quotations (indices) the frame's content is made of. */
  quotations: number[];
  reason: string;
}

/** How many tokens a source noun phrase may span. */
const MAX_NP_TOKENS = 9;
/** How many tokens an apposition or relative clause between subject and cue may span. */
const MAX_APPOSITION_TOKENS = 30;
/** Longest apposition holding a relative clause ("X, an operative who … in the state, said"). */
const MAX_RELATIVE_APPOSITION_TOKENS = 50;
/** Largest gap (characters) between an attribution and the quotation that continues it. */
const MAX_CONTINUATION_GAP = 260;
/** Longest content (tokens) read before a tail attribution ("…, she said."). */
const MAX_LEAD_CONTENT_TOKENS = 150;
/** Longest name before a colon that opens a line ("Gov. Mary Fallin: …"). */
const MAX_NAMED_LINE_TOKENS = 7;
/** Longest name mention, in characters (to look up mentions overlapping a span). */
const MAX_NAME_CHARS = 200;

const CLOSE_MARKS = new Set(['”', '»', '"']);
const OPEN_MARKS = new Set(['“', '«', '„', '"']);
/** Single marks, which are apostrophes too: a mark only where it opens or closes a quotation. */
const SINGLE_MARKS = new Set(['‘', '’', "'"]);

/** Whether token k closes a quotation: a double closing mark, or a single mark at a single-mark quotation's end. */
function closeMarkAt(ctx: Context, k: number): boolean {
  const t = ctx.toks[k]?.text ?? '';
  if (CLOSE_MARKS.has(t)) return true;
  const q = ctx.quotationOf[k] ?? -1;
  if (q < 0) return false;
  const quotation = ctx.quotations[q]!;
  // Two apostrophes (''Yes,'' he said) open and close alike: the token at the quotation's end closes it.
  if (t === "''") return quotation.markLength === 2 && !quotation.open && quotation.end === ctx.toks[k]!.end;
  return SINGLE_MARKS.has(t) && quotation.single && quotation.end === ctx.toks[k]!.end;
}

/** Whether token k opens a quotation: a double opening mark, or a single mark at a single-mark quotation's start. */
function openMarkAt(ctx: Context, k: number): boolean {
  const t = ctx.toks[k]?.text ?? '';
  if (OPEN_MARKS.has(t) || t === '``') return true;
  const q = ctx.quotationOf[k] ?? -1;
  if (q < 0) return false;
  const quotation = ctx.quotations[q]!;
  if (t === "''") return quotation.markLength === 2 && quotation.start === ctx.toks[k]!.start;
  return SINGLE_MARKS.has(t) && quotation.single && quotation.start === ctx.toks[k]!.start;
}
const WORD = /[\p{L}\p{N}]/u;
const CAP = /^\p{Lu}/u;
const ABBREV = /^(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Prof|Rev|St|Jr|Sr|Maj|Cmdr|Amb|Pres|Sec|Atty|Supt|Insp|Ft|Mt|Inc|Corp|Co|Ltd|U\.S|[A-Z])$/;
/** A capitalised abbreviation whose period the tokenizer split off ("Minn", "Calif", "Sen"). */
const ABBREV_WORD = /^\p{Lu}[\p{L}.]{0,5}$/u;
/** Forms of "be" that make a participle after them passive ("was said", "is seen", "being treated"). */
export const PASSIVE_AUX: ReadonlySet<string> = new Set(['is', 'was', 'are', 'were', 'be', 'been', 'being', "'s", '’s']);

/** Words a title may hold in lower case ("Guardians of the Galaxy", "Fox & Friends"). */
const TITLE_SMALL_WORDS = new Set(['of', 'the', 'a', 'an', 'and', 'in', 'on', 'for', 'to', 'at', 'with', 'from', 'by', '&']);
/** Words right before a title's opening mark: a possessive ("ABC’s"), a preposition or an article. */
const BEFORE_TITLE = /(?:['’]s|\b(?:on|in|to|of|at|the|from|with))\s*$/iu;
/** Longest title, in words. */
const MAX_TITLE_WORDS = 6;

/**
 * Is a quotation the title of a work or programme rather than speech: a few
 * capitalised words with no sentence punctuation, right after a possessive,
 * a preposition or an article ("said on ABC’s “This Week,”", "the “Avatar”
 * star")?
 */
function isTitleOfWork(text: string, q: Quotation): boolean {
  if (!titleShaped(text, q)) return false;
  if (BEFORE_TITLE.test(text.slice(Math.max(0, q.start - 12), q.start))) return true;
  // After a noun naming a work or a word introducing a title ("his 2012 book, “An American Son”",
  // "a segment entitled “…”"), or before a person it describes ("“Broad City” star …").
  const before = /([\p{L}-]+)[,:]?\s*$/u.exec(text.slice(Math.max(0, q.start - 24), q.start))?.[1]?.toLowerCase();
  if (before !== undefined && (ATTRIBUTION.workNouns.has(before) || ATTRIBUTION.workTitleWords.has(before))) return true;
  // The role noun may be capitalised in a headline ("“Broad City” Star Asked …"); a quotation closed by a
  // comma or a period is a clause of its own ("“Great,” host Dana Kim said"), not a name before a role.
  if (/[,.]\s*$/u.test(text.slice(q.inner.start, q.end - q.markLength))) return false;
  const after = /^\s*([\p{L}-]+)/u.exec(text.slice(q.end, q.end + 24))?.[1]?.toLowerCase();
  return after !== undefined && ATTRIBUTION.workRoleNouns.has(after);
}

/** Words between two titles of one list ("in “A” and “B”", "“A”, “B” or “C”"). */
const BETWEEN_LISTED_TITLES = /^\s*(?:,\s*)?(?:(?:and|or|&)\s+)?$/iu;

/**
 * Titles in a list after a title ("starred in “Parks and Recreation” and “Guardians of the Galaxy”"):
 * a title-shaped quotation joined to a title by a comma, "and" or "or" is one too. Marks `title` in place.
 */
function markListedTitles(text: string, quotations: readonly Quotation[], title: Uint8Array): void {
  for (let qi = 1; qi < quotations.length; qi++) {
    const q = quotations[qi]!;
    const prev = quotations[qi - 1]!;
    if (title[qi] || !title[qi - 1] || prev.end > q.start) continue;
    if (BETWEEN_LISTED_TITLES.test(text.slice(prev.end, q.start)) && titleShaped(text, q)) title[qi] = 1;
  }
}

/** A few capitalised words with no sentence punctuation ("The Engineer", "Guardians of the Galaxy"): a name or a title. */
function titleShaped(text: string, q: Quotation): boolean {
  const inner = text.slice(q.inner.start, q.inner.end).trim();
  const words = inner.split(/\s+/u).filter((w) => w.length > 0);
  if (words.length === 0 || words.length > MAX_TITLE_WORDS || /[.!?;:]/u.test(inner.replace(/[.,]$/u, ''))) return false;
  return words.every((w, k) => /^[\p{Lu}\p{N}]/u.test(w) || (k > 0 && TITLE_SMALL_WORDS.has(w.toLowerCase())));
}

/** Per-document indexes the frame finder works from. */
export class Context {
  readonly low: string[];
  readonly sentenceOf: Int32Array;
  readonly sentenceFirst: Int32Array;
  readonly sentenceEnd: Int32Array;
  /** Index of the quotation a token lies in (marks included), or -1. */
  readonly quotationOf: Int32Array;
  readonly claimed: Uint8Array;
  readonly claimedQuotation: Uint8Array;
  /** Quotations that name a work or a programme ("on ABC’s “This Week,”"): never a speaker's words on their own. */
  readonly title: Uint8Array;
  /** Sentences written in title case or capitals (headlines), where a capital does not mark a name. */
  readonly headline: Uint8Array;

  constructor(
    readonly text: string,
    readonly toks: readonly Token[],
    readonly sentences: readonly Sentence[],
    readonly paragraphs: readonly Span[],
    readonly quotations: readonly Quotation[],
    readonly syntax: SyntaxLayer,
    /** Where people and organisations are named (sorted by start): a line "Name: …" attributes to them. */
    readonly named: readonly Span[] = [],
  ) {
    this.low = toks.map((t) => t.text.toLowerCase().replace(/’/g, "'"));
    this.sentenceOf = new Int32Array(toks.length).fill(-1);
    this.sentenceFirst = new Int32Array(sentences.length);
    this.sentenceEnd = new Int32Array(sentences.length);
    let t = 0;
    sentences.forEach((s, si) => {
      while (t < toks.length && toks[t]!.start < s.start) t++;
      this.sentenceFirst[si] = t;
      while (t < toks.length && toks[t]!.end <= s.end) this.sentenceOf[t++] = si;
      this.sentenceEnd[si] = t;
    });
    this.quotationOf = new Int32Array(toks.length).fill(-1);
    let q = 0;
    for (let i = 0; i < toks.length; i++) {
      while (q < quotations.length && quotations[q]!.end <= toks[i]!.start) q++;
      if (q < quotations.length && quotations[q]!.start <= toks[i]!.start) this.quotationOf[i] = q;
    }
    this.claimed = new Uint8Array(toks.length);
    // A wire dateline opening a paragraph ("WASHINGTON (AP) — …") is nobody's words: claimed, so that content
    // read back from an attribution stops after it.
    for (const p of paragraphs) {
      const end = datelineEnd(text, p);
      for (let k = firstStartingAt(toks, p.start); k < toks.length && toks[k]!.end <= end; k++) this.claimed[k] = 1;
    }
    this.claimedQuotation = new Uint8Array(quotations.length);
    this.title = new Uint8Array(quotations.length);
    quotations.forEach((q, qi) => { if (isTitleOfWork(text, q)) this.title[qi] = 1; });
    markListedTitles(text, quotations, this.title);
    this.headline = new Uint8Array(sentences.length);
    sentences.forEach((_, si) => {
      let words = 0;
      let capitals = 0;
      for (let k = this.sentenceFirst[si]!; k < this.sentenceEnd[si]!; k++) {
        if (!/^\p{L}/u.test(toks[k]!.text)) continue;
        words++;
        if (CAP.test(toks[k]!.text)) capitals++;
      }
      if (capitals * 2 > words) this.headline[si] = 1;
    });
  }

  /** Index of the first token starting at or after `pos`. */
  tokenFrom(pos: number): number {
    return firstStartingAt(this.toks, pos);
  }

  claim(span: Span): void {
    for (let i = this.tokenFrom(span.start); i < this.toks.length && this.toks[i]!.start < span.end; i++) this.claimed[i] = 1;
  }

  isWord(i: number): boolean {
    return i >= 0 && i < this.toks.length && WORD.test(this.toks[i]!.text);
  }
}

interface CueHit { first: number; end: number; lemma: string; cls: CueClass; form: string }

/** The cue starting at token i, if any (multi-word cues first). */
function cueAt(ctx: Context, i: number): CueHit | null {
  // Callers look one token past a comma, which may end the text.
  if (i < 0 || i >= ctx.toks.length) return null;
  const w = ctx.low[i]!;
  if (insideName(ctx, i)) return null;
  const multi = MULTIWORD_CUES.get(w);
  if (multi) {
    for (const m of multi) {
      if (m.words.every((x, k) => ctx.low[i + k] === x)) return { first: i, end: i + m.words.length, lemma: m.words.join(' '), cls: m.cls, form: 'phrase' };
    }
  }
  const f = CUE_FORMS.get(w);
  if (!f || sectionLabel(ctx, i)) return null;
  return { first: i, end: i + 1, lemma: f.lemma, cls: f.cls, form: f.form };
}

/**
 * A word in capitals that ends a line with a colon labels the section below ("SHORT READS:",
 * "WHAT HE SAID:" in a newsletter): it names what follows, it does not attribute it.
 */
function sectionLabel(ctx: Context, i: number): boolean {
  const t = ctx.toks[i]!;
  const next = ctx.toks[i + 1];
  return /^\p{Lu}{2,}$/u.test(t.text) && next !== undefined && next.text === ':' && /^[ \t]*(?:\n|$)/u.test(ctx.text.slice(next.end, next.end + 40));
}

/**
 * "fighters of the Islamic State said …", "her years at the U.S. State Department": in running text (not a
 * headline), a capitalised word right after another capitalised word of its sentence is part of a name, not
 * a verb ("State", "Post", "Report" are cue forms).
 */
function insideName(ctx: Context, i: number): boolean {
  const si = ctx.sentenceOf[i]!;
  // A word in capitals is a heading's ("HOW TAXES AFFECT …"), whatever its neighbours.
  if (si < 0 || i <= ctx.sentenceFirst[si]! || ctx.headline[si] || !/^\p{Lu}\p{Ll}/u.test(ctx.toks[i]!.text)) return false;
  const prev = ctx.toks[i - 1]!.text;
  return CAP.test(prev) && ctx.quotationOf[i - 1] === ctx.quotationOf[i];
}

/** Is token k a contracted "is"/"has" ("He's saying", "Trump's been saying") rather than a possessive? */
function contractedAuxiliary(ctx: Context, k: number): boolean {
  const w = ctx.low[k];
  if (w !== "'s") return false;
  return ATTRIBUTION.pronounSubjects.has(ctx.low[k - 1] ?? '') || ctx.syntax.pos(k) === 'VBZ';
}

/** Does the token read as a noun here ("the claims", "a report")? */
function looksNominal(ctx: Context, hit: CueHit): boolean {
  const prev = ctx.low[hit.first - 1];
  if (prev === undefined) return false;
  const w = ctx.low[hit.first]!;
  if (ATTRIBUTION.ambiguousNouns.has(w) || ATTRIBUTION.ambiguousNouns.has(w.replace(/s$/, ''))) {
    if (ATTRIBUTION.determiners.has(prev) && !contractedAuxiliary(ctx, hit.first - 1)) return true;
    // As a verb, "support"/"plans" follows its subject or an auxiliary; after a common noun or adjective it is a noun ("military support").
    const j = skipLeftAdverbsOnly(ctx, hit.first - 1, 0);
    const p = ctx.toks[j];
    if (!p) return false;
    const pl = ctx.low[j]!;
    // A capital marks a name before the verb ("Trump plans"), not a common noun opening the sentence ("Cost estimates, …").
    const name = CAP.test(p.text) && (ctx.syntax.pos(j).startsWith('NNP') || ctx.sentenceOf[j] === ctx.sentenceOf[j - 1]);
    const verbal = ATTRIBUTION.pronounSubjects.has(pl) || ATTRIBUTION.auxiliaries.has(pl) || pl === 'to' || name || hit.form === 'ed' || closesQuotedTail(ctx, hit, j);
    if (!verbal) return true;
  }
  return false;
}

/**
 * '“…,” the email read.', '“…,” the sign reads, …': the cue ends a tail attribution — a closing quotation mark
 * (with its comma) right before a short noun phrase ending at token j, and the clause ends after the cue — so it
 * is the verb, not a noun.
 */
function closesQuotedTail(ctx: Context, hit: CueHit, j: number): boolean {
  if (!/^[,.!?]$/u.test(ctx.toks[hit.end]?.text ?? '.')) return false;
  for (let k = j; k >= 0 && j - k < MAX_TAIL_SUBJECT_TOKENS; k--) {
    const t = ctx.toks[k]!.text;
    if (closeMarkAt(ctx, k) && ctx.quotationOf[k]! >= 0) return k < j && ctx.quotations[ctx.quotationOf[k]!]!.end === ctx.toks[k]!.end;
    if (t === ',' && closeMarkAt(ctx, k - 1)) continue;
    if (!ctx.isWord(k) || ctx.quotationOf[k]! >= 0) return false;
  }
  return false;
}

/** Longest noun phrase between a quotation and the noun-like cue that attributes it ('“…,” the campaign's email read'). */
const MAX_TAIL_SUBJECT_TOKENS = 5;

/** Does what follows token i read as the end of an attribution clause: [,:.!?], "that", or a quotation? */
function speechFollows(ctx: Context, i: number): boolean {
  const t = ctx.toks[i];
  if (!t) return true;
  return /^[,:.!?]$/u.test(t.text) || ctx.low[i] === 'that' || (openMarkAt(ctx, i) && ctx.quotationOf[i]! >= 0 && ctx.quotations[ctx.quotationOf[i]!]!.start === t.start);
}

/**
 * Is the cue used as a noun or adjective here ("the claims", "military support")?
 * Both the tagger and the word-order test must say so: each alone errs on
 * words like "plans" and "says" after a name.
 */
function nominalCue(ctx: Context, hit: CueHit): boolean {
  // "the Democratic state’s party convention": a possessive right after the word makes it a noun (a verb
  // takes none); but "He's" after a pronoun, or a contracted "is"/"has" the tagger reads as a verb, is no possessive.
  const next = hit.end < ctx.toks.length ? ctx.toks[hit.end]! : null;
  if (next !== null && ctx.low[hit.end] === "'s" && next.start === ctx.toks[hit.end - 1]!.end && ctx.syntax.pos(hit.end) === 'POS') return true;
  if (hit.form === 'phrase') return looksNominal(ctx, hit);
  // "the reported figures", "the disputed zone": a participle after a determiner is an adjective.
  const prev = ctx.low[hit.first - 1];
  // "by saying", "after telling": a gerund after a preposition is still the verb of its clause.
  const gerund = hit.form === 'ing' && PARTICIPLE_PREPOSITIONS.has(prev ?? '');
  // But "Another tweeted, “…”", "Some chanted “…”": a quantity word standing alone is the subject, and a
  // participle with speech right after it is its verb.
  const standalone = prev !== undefined && STANDALONE_DETERMINERS.has(prev) && speechFollows(ctx, hit.end);
  if ((hit.form === 'ed' || hit.form === 'ing') && !gerund && !standalone && prev !== undefined && ATTRIBUTION.determiners.has(prev) && !contractedAuxiliary(ctx, hit.first - 1)) return true;
  const tag = ctx.syntax.pos(hit.first);
  // "next steps related to the war": a past participle right after a common noun modifies it.
  // But "another child responded, “…”", "the official added.": a comma, colon, period or quotation right after
  // it makes it the verb of its clause, however it was tagged.
  if (tag === 'VBN' && hit.form === 'ed' && !speechFollows(ctx, hit.end)) {
    const j = skipLeftAdverbsOnly(ctx, hit.first - 1, 0);
    if (j >= 0 && (ctx.syntax.pos(j) === 'NN' || ctx.syntax.pos(j) === 'NNS') && hit.lemma !== 'say' && hit.lemma !== 'tell') return true;
  }
  return (tag.startsWith('NN') || tag === 'JJ') && looksNominal(ctx, hit);
}

/** Skip words that may sit between a subject and its verb: auxiliaries, adverbs, "not", time phrases. */
function skipLeft(ctx: Context, j: number, floor: number): number {
  for (;;) {
    if (j < floor) return j;
    const w = ctx.low[j]!;
    // "he's said", "Trump's been saying": a contracted auxiliary after its subject.
    if ((w === "'s" || w === "'d") && j > floor && (ATTRIBUTION.pronounSubjects.has(ctx.low[j - 1]!) || ['been', 'said', 'told', 'long'].includes(ctx.low[j + 1] ?? '') || (ctx.low[j + 1] ?? '').endsWith('ed'))) { j--; continue; }
    if (ATTRIBUTION.auxiliaries.has(w) || ATTRIBUTION.adverbs.has(w) || (/^\p{Ll}{3,}ly$/u.test(ctx.toks[j]!.text) && w !== 'only')) { j--; continue; }
    const adj = adjunctEndingAt(ctx, j, floor);
    if (adj > 0) { j -= adj; continue; }
    return j;
  }
}

/** Length (tokens) of a frame adjunct ("on Tuesday", "in a statement") ending at token j, or 0. */
function adjunctEndingAt(ctx: Context, j: number, floor: number): number {
  for (const words of ATTRIBUTION.frameAdjunctsByLast.get(ctx.low[j] ?? '') ?? []) {
    const start = j - words.length + 1;
    if (start < floor) continue;
    if (words.every((x, k) => ctx.low[start + k] === x)) return words.length;
  }
  return 0;
}

/** Length (tokens) of a frame adjunct starting at token i, or 0. */
function adjunctStartingAt(ctx: Context, i: number, limit: number): number {
  for (const words of ATTRIBUTION.frameAdjuncts.get(ctx.low[i] ?? '') ?? []) {
    if (i + words.length > limit) continue;
    if (words.every((x, k) => ctx.low[i + k] === x)) return words.length;
  }
  return 0;
}

/** Can token k be part of a noun phrase that names a source? */
function npToken(ctx: Context, k: number): boolean {
  const t = ctx.toks[k]!.text;
  const w = ctx.low[k]!;
  if (t === '’s' || t === "'s" || t === '-' || t === '&') return true;
  if (t === '.') return k > 0 && ABBREV.test(ctx.toks[k - 1]!.text);
  if (!WORD.test(t)) return false;
  if (ATTRIBUTION.clauseWords.has(w) && !(w === 'and' && CAP.test(ctx.toks[k - 1]?.text ?? '') && CAP.test(ctx.toks[k + 1]?.text ?? ''))) return false;
  if (ATTRIBUTION.auxiliaries.has(w) || ATTRIBUTION.pronounSubjects.has(w)) return false;
  if (ctx.quotationOf[k]! >= 0) return false;
  return true;
}

/** Determiners that also stand alone as a noun phrase ("Another tweeted", "…,” wrote one."). */
const STANDALONE_DETERMINERS = new Set(['another', 'some', 'one', 'others', 'many', 'several', 'both', 'each', 'most', 'few']);

/** Words of quantity that take "of" and a group ("one of the aides", "several of his advisers"). */
const QUANTIFIERS = new Set(['one', 'two', 'three', 'some', 'several', 'many', 'most', 'each', 'both', 'all', 'none', 'another']);
const STOP_DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'his', 'her', 'their', 'its', 'our', 'my', 'your', 'one', 'two', 'three', 'several', 'some', 'many', 'other', 'another', 'most']);
const PREPOSITIONS = new Set(['in', 'on', 'at', 'during', 'to', 'from', 'after', 'before', 'with', 'about', 'by', 'for', 'over', 'into', 'as', 'than', 'via']);

/** The noun phrase ending at token j, walking left; null when j cannot end one. */
function npEndingAt(ctx: Context, j: number, floor: number): Span | null {
  if (j < floor || !npToken(ctx, j) || !ctx.isWord(j)) return null;
  if (PREPOSITIONS.has(ctx.low[j]!) || ctx.low[j] === 'of') return null;
  let k = j;
  while (k - 1 >= floor && j - (k - 1) < MAX_NP_TOKENS) {
    const prev = k - 1;
    const w = ctx.low[prev]!;
    if (STOP_DETERMINERS.has(w)) { k = prev; break; }
    // A particle inside a name ("Ursula von der Leyen", "Lula da Silva").
    if (NAME_PARTICLES.has(w) && CAP.test(ctx.toks[k]!.text) && prev - 1 >= floor && ((CAP.test(ctx.toks[prev - 1]!.text) && chunkType(ctx, prev - 1) === 'NP') || NAME_PARTICLES.has(ctx.low[prev - 1]!))) { k = prev; continue; }
    if (!npToken(ctx, prev)) break;
    // Inside a name, "of" and "for" join capitalised words ("Secretary of State John Kerry").
    if (PREPOSITIONS.has(w) || w === 'of') {
      if (!(w === 'of' || w === 'for') || !CAP.test(ctx.toks[k]!.text) || !CAP.test(ctx.toks[prev - 1]?.text ?? '')) break;
    }
    k = prev;
  }
  return { start: ctx.toks[k]!.start, end: ctx.toks[j]!.end };
}

/** The noun phrase starting at token i, walking right ("…,” said Sen. Ted Cruz, R-Texas"). */
function npStartingAt(ctx: Context, i: number, limit: number): { span: Span; end: number } | null {
  if (i >= limit) return null;
  let k = i;
  // "one of two witnesses", "several of his aides": a quantity of a group.
  if (QUANTIFIERS.has(ctx.low[k]!) && ctx.low[k + 1] === 'of' && k + 2 < limit) {
    k += 2;
    if (STOP_DETERMINERS.has(ctx.low[k]!) || /^\d+$/.test(ctx.low[k]!)) k++;
  } else if (STOP_DETERMINERS.has(ctx.low[k]!)) k++;
  const first = k;
  while (k < limit && k - i < MAX_NP_TOKENS && npToken(ctx, k) && !PREPOSITIONS.has(ctx.low[k]!)) {
    // "Secretary of State John Kerry", "master of ceremonies Asab Tabchi": "of" inside a name or a title.
    if (ctx.low[k] === 'of' && !CAP.test(ctx.toks[k + 1]?.text ?? '') && !(k > first && /^NNS?$/.test(ctx.syntax.pos(k + 1)))) break;
    k++;
  }
  // "…,” tweeted another.": a quantity word standing alone is the whole phrase.
  if (k === first && first === i + 1 && STANDALONE_DETERMINERS.has(ctx.low[i]!) && (k >= limit || !ctx.isWord(k))) return { span: { start: ctx.toks[i]!.start, end: ctx.toks[i]!.end }, end: k };
  if (k === first || !ctx.isWord(k - 1)) return null;
  const head = ctx.toks[first]!.text;
  if (k === first + 1 && !CAP.test(head) && !ROLE_NOUNS.has(ctx.low[first]!.replace(/s$/, '')) && first === i) return null;
  return { span: { start: ctx.toks[i]!.start, end: ctx.toks[k - 1]!.end }, end: k };
}

interface SourceHit { span: Span; how: Frame['sourceHow']; first: number; antecedent?: Span }

const FINITE_TAGS = new Set(['VBD', 'VBZ', 'VBP', 'MD']);
const RELATIVE_TAGS = new Set(['WP', 'WDT', 'WP$']);
/** Subordinators that open a clause which is not the sentence's main clause. */
export const SUBORDINATORS: ReadonlySet<string> = new Set(['when', 'after', 'because', 'if', 'as', 'while', 'although', 'though', 'since', 'before', 'until', 'once', 'unless', 'whether', 'where']);
/** Words that open a reported clause, question or request after a cue such as "asked" or "added". */
const CLAUSE_OPENERS = new Set(['that', 'if', 'whether', 'why', 'how', 'what', 'when', 'to', 'about', 'which', 'who', 'whom', 'where']);
const PARTICIPLE_PREPOSITIONS = new Set(['by', 'after', 'before', 'while', 'without', 'when', 'in', 'since', 'for', 'upon']);
const CLAUSE_JOINERS = new Set(['but', 'and', 'yet', 'so', 'while', 'although', 'though']);
const NP_LINKS = new Set(['of', 'for', 'from', 'at']);
const MAX_SUBJECT_TOKENS = 14;
/** How far into a sentence its main verb is looked for. */
const MAX_MAIN_CLAUSE_TOKENS = 60;

const chunkType = (ctx: Context, k: number): string => ctx.syntax.chunk(k).slice(2);
const isFinite = (ctx: Context, k: number): boolean => FINITE_TAGS.has(ctx.syntax.pos(k)) && ctx.quotationOf[k]! < 0;

/** The noun-phrase chunk ending at token j, extended left over "X’s Y", "A of/for/from/at B" and "A and B". */
function npChunkEndingAt(ctx: Context, j: number, floor: number): number {
  if (j < floor || chunkType(ctx, j) !== 'NP' || ctx.quotationOf[j]! >= 0) return -1;
  let s = j;
  const startOf = (k: number): number => { while (k > floor && ctx.syntax.chunk(k).startsWith('I-')) k--; return k; };
  s = startOf(s);
  // "the 71-year-old diplomat": a hyphenated word the tagger split over two chunks is one word.
  while (s - 1 > floor && ctx.toks[s - 1]!.end === ctx.toks[s]!.start && (ctx.toks[s - 1]!.text === '-' || ctx.toks[s]!.text === '-' || ctx.toks[s]!.text.startsWith('-')) && chunkType(ctx, s - 1) === 'NP') s = startOf(s - 1);
  for (;;) {
    const p = s - 1;
    if (p < floor || j - p >= MAX_SUBJECT_TOKENS) break;
    // A possessive joins two noun phrases, whichever chunk the "’s" was put in ("Brazil’s President …"
    // opening the sentence too).
    // ("Let’s" is "let us", no possessive.)
    if (ctx.syntax.pos(s) === 'POS' && chunkType(ctx, p) === 'NP' && ctx.low[p] !== 'let') { s = startOf(p); continue; }
    if (ctx.syntax.pos(p) === 'POS' && chunkType(ctx, p) === 'NP' && p - 1 >= floor && ctx.low[p - 1] !== 'let') { s = startOf(p); continue; }
    // A particle inside a name joins its parts, whichever chunks they were put in ("Ursula von der Leyen").
    let q = p;
    while (q >= floor && NAME_PARTICLES.has(ctx.low[q]!)) q--;
    if (q < p && q >= floor && CAP.test(ctx.toks[s]!.text) && CAP.test(ctx.toks[q]!.text) && chunkType(ctx, q) === 'NP' && ctx.quotationOf[q]! < 0) { s = startOf(q); continue; }
    if (p - 1 < floor) break;
    const linked = NP_LINKS.has(ctx.low[p]!) || (ctx.low[p] === 'and' && CAP.test(ctx.toks[p - 1]!.text) && CAP.test(ctx.toks[s]!.text));
    if (linked && chunkType(ctx, p - 1) === 'NP' && ctx.quotationOf[p - 1]! < 0) { s = startOf(p - 1); continue; }
    break;
  }
  // A chunk may open with a quotation mark or other punctuation the tagger folded in.
  while (s < j && (!ctx.isWord(s) || ctx.quotationOf[s]! >= 0)) s++;
  return s;
}

/**
 * The subject of the verb group whose verb is token v, read from the chunks:
 * the noun phrase before it (over auxiliaries, adverbs, time phrases, an
 * apposition or a parenthesis), a pronoun, or a relative pronoun with the
 * phrase it stands for.
 */
function clauseSubject(ctx: Context, v: number, floor: number, depth = 0): SourceHit | null {
  let j = v - 1;
  for (let guard = 0; guard < 8 && j >= floor; guard++) {
    const c = chunkType(ctx, j);
    const tag = ctx.syntax.pos(j);
    if ((c === 'VP' && !tag.startsWith('N') && tag !== 'PRP') || c === 'ADVP' || tag === 'RB') { j--; guard--; continue; }
    // "He went on to call …", "She followed up by saying …": a particle right after a verb belongs to its verb group.
    if ((tag === 'RP' || ATTRIBUTION.verbParticles.has(ctx.low[j]!)) && j > floor && ctx.syntax.pos(j - 1).startsWith('VB') && ctx.quotationOf[j]! < 0) { j--; guard--; continue; }
    const adj = adjunctEndingAt(ctx, j, floor);
    if (adj > 0) { j -= adj; continue; }
    if (ctx.toks[j]!.text === ')') {
      let k = j - 1;
      while (k >= floor && j - k < 12 && ctx.toks[k]!.text !== '(') k--;
      if (k < floor || ctx.toks[k]!.text !== '(') return null;
      j = k - 1;
      continue;
    }
    break;
  }
  if (j < floor) return null;
  const tok = ctx.toks[j]!;
  const tag = ctx.syntax.pos(j);
  if (RELATIVE_TAGS.has(tag) || (ctx.low[j] === 'that' && tag !== 'DT')) {
    const a = ctx.toks[j - 1]?.text === ',' ? j - 2 : j - 1;
    const s = npChunkEndingAt(ctx, a, floor);
    if (s < 0) return null;
    return { span: { start: tok.start, end: tok.end }, how: 'relative', first: j, antecedent: { start: ctx.toks[s]!.start, end: ctx.toks[a]!.end } };
  }
  if (tag === 'PRP' || ATTRIBUTION.pronounSubjects.has(ctx.low[j]!)) return { span: { start: tok.start, end: tok.end }, how: 'pronoun', first: j };
  // "Yet another said, …": a quantity word standing alone, which the chunker may leave outside any phrase.
  if (STANDALONE_DETERMINERS.has(ctx.low[j]!) && chunkType(ctx, j) !== 'NP' && (j === floor || !ctx.isWord(j - 1) || chunkType(ctx, j - 1) !== 'NP')) return { span: { start: tok.start, end: tok.end }, how: 'subject', first: j };
  if (tok.text === ',' || tok.text === '—' || tok.text === '--') {
    // An apposition ("Peskov, a Kremlin spokesman, said"; "McCain -- who lost in 2008 -- said") or a relative
    // clause ("Trump, who …, said"): the phrase between the marks has no finite verb of its own unless it is
    // a relative clause, which may run longer.
    for (let k = j - 1; k >= floor && j - k <= MAX_RELATIVE_APPOSITION_TOKENS; k--) {
      const t = ctx.toks[k]!.text;
      // 'X, wearing “Ted Cruz” pins, said': a short quotation inside the apposition is stepped over.
      const qk = ctx.quotationOf[k]!;
      if (closeMarkAt(ctx, k) && qk >= 0) {
        const qs = ctx.tokenFrom(ctx.quotations[qk]!.start);
        if (qs > floor && qs < k && ctx.toks[qs - 1]!.text !== ',' && !ctx.quotations[qk]!.open) { k = qs; continue; }
      }
      if (openMarkAt(ctx, k) || closeMarkAt(ctx, k) || t === ';' || t === ':') return null;
      if (t !== tok.text) continue;
      // A finite verb after a relative word ("a consultant whose firm was hired") belongs to that clause.
      let relative = false;
      for (let m = k + 1; m < j; m++) {
        if (RELATIVE_TAGS.has(ctx.syntax.pos(m)) || ctx.syntax.pos(m) === 'WP$') { relative = true; break; }
        if (isFinite(ctx, m)) return null;
      }
      if (!relative && j - k > MAX_APPOSITION_TOKENS) return null;
      // "Sen. Ted Cruz (R-Texas), also a hopeful, called …": step over a parenthesis after the name.
      let e = k - 1;
      if (ctx.toks[e]?.text === ')') {
        let o = e - 1;
        while (o >= floor && e - o < 12 && ctx.toks[o]!.text !== '(') o--;
        if (o >= floor && ctx.toks[o]!.text === '(') e = o - 1;
      }
      // "…, of Lake Falls, Minn., who …": an abbreviation's period ends the phrase.
      const chunkEnd = (x: number): number => (ctx.toks[x]?.text === '.' && x - 1 >= floor && ABBREV_WORD.test(ctx.toks[x - 1]!.text) ? npChunkEndingAt(ctx, x - 1, floor) : npChunkEndingAt(ctx, x, floor));
      let s = chunkEnd(e);
      // "Harry Bond, 30, of Raleigh, N.C., who …, said": an age or a home town between commas is part of the
      // apposition; the name is before them.
      for (let guard = 0; guard < 4 && s > floor + 1; guard++) {
        let b = s - 1;
        const hometown = ctx.low[b] === 'of' || ctx.low[b] === 'from';
        if (hometown) b--;
        if (b <= floor || ctx.toks[b]!.text !== ',' || !placeOrAge(ctx, s, e, hometown)) break;
        const s2 = chunkEnd(b - 1);
        if (s2 < 0) break;
        e = b - 1;
        s = s2;
      }
      if (s < 0) return null;
      // "Ortiz, during a visit to the harbor in Riverton, Maine, said": the phrase before the last comma ends
      // a parenthesis that a preposition opened after the subject; the subject is before that parenthesis.
      if (s - 1 > floor && PREPOSITIONS.has(ctx.low[s - 1]!) && !SUBORDINATORS.has(ctx.low[s - 1]!)) {
        for (let m = s - 2; m > floor && j - m <= MAX_APPOSITION_TOKENS; m--) {
          if (isFinite(ctx, m) || ctx.quotationOf[m]! >= 0 || ctx.toks[m]!.text === ';' || ctx.toks[m]!.text === ':') break;
          if (ctx.toks[m]!.text !== ',') continue;
          if (!PREPOSITIONS.has(ctx.low[m + 1]!) || SUBORDINATORS.has(ctx.low[m + 1]!)) break;
          const s2 = chunkEnd(m - 1);
          if (s2 >= 0) return { span: { start: ctx.toks[s2]!.start, end: ctx.toks[m - 1]!.end }, how: 'subject', first: s2 };
          break;
        }
      }
      return { span: { start: ctx.toks[s]!.start, end: ctx.toks[e]!.end }, how: 'subject', first: s };
    }
    return null;
  }
  const s = npChunkEndingAt(ctx, j, floor);
  if (s < 0) return null;
  // "Sanders on Tuesday night said", "the senator last week said": a time phrase is not the subject.
  let time = true;
  for (let k = s; k <= j && time; k++) time = ATTRIBUTION.timeWords.has(ctx.low[k]!) || /^\d/.test(ctx.low[k]!);
  if (time && depth < 2) return clauseSubject(ctx, s, floor, depth + 1);
  return subjectBeforeModifier(ctx, s, floor) ?? { span: { start: ctx.toks[s]!.start, end: tok.end }, how: 'subject', first: s };
}

/** Longest relative clause without commas between a subject and its verb ("an official who spoke anonymously to reporters said"). */
const MAX_BARE_RELATIVE_TOKENS = 12;
const BARE_RELATIVES = new Set(['who', 'whom', 'whose', 'which', 'that']);

/**
 * The relative pronoun opening a clause without commas that holds token s and a verb of its own before s
 * ("an official [who spoke anonymously to discuss] internal strategy"), or -1.
 */
function relativeBefore(ctx: Context, s: number, floor: number): number {
  let verb = false;
  for (let r = s - 1; r > floor && s - r <= MAX_BARE_RELATIVE_TOKENS; r--) {
    if (ctx.quotationOf[r]! >= 0 || (!ctx.isWord(r) && ctx.syntax.pos(r) !== 'POS')) return -1;
    const w = ctx.low[r]!;
    const tag = ctx.syntax.pos(r);
    if (BARE_RELATIVES.has(w) && (RELATIVE_TAGS.has(tag) || tag === 'WDT')) return verb ? r : -1;
    if (tag.startsWith('VB') || tag === 'MD') verb = true;
  }
  return -1;
}

/** Longest participle or adjective run opening a modifier after a subject ("speaking", "familiar", "briefed"). */
const MAX_MODIFIER_LEAD = 2;

/**
 * "A source speaking to Fox News said", "An official familiar with the talks said", "a protester holding a
 * sign said", "an official who spoke anonymously to discuss internal strategy said": when the noun phrase
 * before the verb (starting at token s) is the object of a participle or a preposition, or lies in a relative
 * clause without commas, that modifies a noun phrase before it, that head noun phrase is the subject. The head must not
 * be the object of a verb or a preposition itself ("told officials in Riverton …"). Null when the phrase
 * before the verb is the subject.
 */
function subjectBeforeModifier(ctx: Context, s: number, floor: number): SourceHit | null {
  let m = s - 1;
  if (m <= floor || ctx.quotationOf[m]! >= 0) return null;
  const relative = relativeBefore(ctx, s, floor);
  if (relative >= 0) m = relative - 1;
  else {
    const prepTag = ctx.syntax.pos(m);
    const preposition = (prepTag === 'IN' || prepTag === 'TO') && !SUBORDINATORS.has(ctx.low[m]!) && ctx.low[m] !== 'that';
    if (preposition) m--;
    // The participle or adjective that opens the modifier ("speaking to", "familiar with", "close to").
    let lead = 0;
    while (m > floor && lead < MAX_MODIFIER_LEAD) {
      const tag = ctx.syntax.pos(m);
      const ok = preposition ? tag === 'VBG' || tag === 'VBN' || tag === 'JJ' : tag === 'VBG';
      if (!ok || ctx.quotationOf[m]! >= 0) break;
      m--;
      lead++;
    }
    if (!preposition && lead === 0) return null;
  }
  const hs = npChunkEndingAt(ctx, m, floor);
  if (hs < 0 || !ctx.isWord(m)) return null;
  const tag = ctx.syntax.pos(m);
  if (!tag.startsWith('NN') && tag !== 'CD' && !STANDALONE_DETERMINERS.has(ctx.low[m]!)) return null;
  // The head is a subject: it opens the clause (sentence start, punctuation, a joiner or subordinator).
  if (hs > floor) {
    const b = hs - 1;
    const w = ctx.low[b]!;
    const btag = ctx.syntax.pos(b);
    const opens = !ctx.isWord(b) || SUBORDINATORS.has(w) || CLAUSE_JOINERS.has(w) || w === 'that';
    if (!opens && (btag.startsWith('VB') || btag === 'IN' || btag === 'TO' || btag === 'MD')) return null;
  }
  return { span: { start: ctx.toks[hs]!.start, end: ctx.toks[m]!.end }, how: 'subject', first: hs };
}

/** Longest place name or age between commas in an apposition ("30", "Raleigh", "N.C.", "Des Moines"). */
const MAX_PLACE_TOKENS = 4;

/**
 * Are tokens s..e an age ("30"), an abbreviated state ("N.C.", "Mich."), or, after "of"/"from", a
 * short capitalised place ("of Des Moines")? A bare capitalised word may be the name itself.
 */
function placeOrAge(ctx: Context, s: number, e: number, hometown: boolean): boolean {
  if (e - s + 1 > MAX_PLACE_TOKENS) return false;
  const words = ctx.toks.slice(s, e + 1).map((t) => t.text);
  if (words.length === 1 && /^\d{1,3}$/.test(words[0]!)) return true;
  if (!words.every((t) => CAP.test(t) || t === '.')) return false;
  return hometown || words.at(-1) === '.' || /\.$/.test(words.at(-1)!);
}

/** The subject of the sentence's main clause: the first finite verb outside a relative or subordinate clause. */
function mainClauseSubject(ctx: Context, first: number, limit: number): SourceHit | null {
  // Bounded: a main clause's verb comes early, and a giant unpunctuated "sentence" must not make this quadratic.
  for (let k = first; k < limit && k < first + MAX_MAIN_CLAUSE_TOKENS; k++) {
    if (!isFinite(ctx, k)) continue;
    const s = clauseSubject(ctx, k, first);
    if (!s || s.how === 'relative') continue;
    let b = s.first - 1;
    while (b >= first && ctx.toks[b]!.text !== ',') b--;
    if (SUBORDINATORS.has(ctx.low[b + 1]!) && b + 1 < s.first) continue;
    return { ...s, how: 'main-clause' };
  }
  return null;
}

/** The sentence's main subject, for a participle cue after a comma ("…, saying that …"). */
function mainSubject(ctx: Context, first: number, cueFirst: number): SourceHit | null {
  const bySyntax = mainClauseSubject(ctx, first, cueFirst);
  if (bySyntax) return bySyntax;
  // Step over an introductory phrase ("Hours later,", "Speaking in Iowa,", "However,").
  const w0 = ctx.low[first] ?? '';
  if (ATTRIBUTION.clauseWords.has(w0) || PREPOSITIONS.has(w0) || ATTRIBUTION.adverbs.has(w0) || /ing$|ly$/.test(w0) || !ctx.isWord(first) || /^\d/.test(w0) || ['hours', 'days', 'minutes', 'later', 'last', 'earlier', 'meanwhile', 'still', 'instead'].includes(w0)) {
    for (let k = first; k < cueFirst && k < first + 14; k++) {
      if (ctx.toks[k]!.text === ',') { first = k + 1; break; }
    }
  }
  for (let k = first; k < cueFirst && k < first + 12; k++) {
    const w = ctx.low[k]!;
    if (ATTRIBUTION.pronounSubjects.has(w) && w !== 'who' && w !== 'which') return { span: { start: ctx.toks[k]!.start, end: ctx.toks[k]!.end }, how: 'main-clause', first: k };
    if (CAP.test(ctx.toks[k]!.text) && npToken(ctx, k) && !(k === first && ATTRIBUTION.clauseWords.has(w))) {
      let e = k;
      while (e + 1 < cueFirst && (CAP.test(ctx.toks[e + 1]!.text) || ctx.toks[e + 1]!.text === '.') && npToken(ctx, e + 1)) e++;
      return { span: { start: ctx.toks[k]!.start, end: ctx.toks[e]!.end }, how: 'main-clause', first: k };
    }
  }
  return null;
}

/** The chain of quotations an open quotation continues into (next paragraphs opening with a mark). */
function chainForward(ctx: Context, q: number): number[] {
  const out = [q];
  let cur = q;
  while (ctx.quotations[cur]!.open) {
    const next = cur + 1;
    const nq = ctx.quotations[next];
    if (!nq || nq.paragraph !== ctx.quotations[cur]!.paragraph + 1 || nq.start !== ctx.paragraphs[nq.paragraph]!.start) break;
    out.push(next);
    cur = next;
  }
  return out;
}

/** The open quotations a quotation continues from (earlier paragraphs left open). */
function chainBackward(ctx: Context, q: number): number[] {
  const out: number[] = [];
  let cur = q;
  while (cur > 0) {
    const prev = ctx.quotations[cur - 1]!;
    const c = ctx.quotations[cur]!;
    if (!prev.open || prev.paragraph !== c.paragraph - 1 || c.start !== ctx.paragraphs[c.paragraph]!.start || ctx.claimedQuotation[cur - 1]) break;
    out.unshift(cur - 1);
    cur--;
  }
  return out;
}

/** The quotation (index) that starts at or just after `pos` within `limit`, after only white space and `[,:—]`. */
function quotationStartingAfter(ctx: Context, pos: number, limit: number): number {
  let t = ctx.tokenFrom(pos);
  for (let k = 0; k < 2 && t < ctx.toks.length && /^[,:—–-]$/u.test(ctx.toks[t]!.text); k++) t++;
  const q = t < ctx.toks.length ? ctx.quotationOf[t]! : -1;
  if (q < 0 || ctx.claimedQuotation[q] || ctx.title[q]) return -1;
  const qq = ctx.quotations[q]!;
  if (qq.start < pos || qq.start > limit) return -1;
  return /^[\s,:—–-]*$/u.test(ctx.text.slice(pos, qq.start)) ? q : -1;
}

/** Does a quotation's text end a sentence with a period (not an abbreviation's: "the U.S.", "Jr.")? */
function endsSentence(inner: string): boolean {
  const m = /(\S+)\.$/u.exec(inner);
  if (!m) return false;
  return !ABBREV.test(m[1]!) && !m[1]!.includes('.');
}

/** The quotation (index) that ends right before `pos`, with only white space and `[,—]` between. */
function quotationEndingBefore(ctx: Context, pos: number, paragraph: number): number {
  const t = ctx.tokenFrom(pos) - 1;
  for (let k = t; k >= 0 && k >= t - 3; k--) {
    const q = ctx.quotationOf[k]!;
    if (q < 0) continue;
    const qq = ctx.quotations[q]!;
    if (qq.paragraph !== paragraph || qq.open || ctx.claimedQuotation[q] || ctx.title[q]) return -1;
    // '“We are done.” Hale said …': a quotation closed by a period ended its sentence; what follows is another.
    if (endsSentence(ctx.text.slice(qq.inner.start, qq.inner.end)) && !/[,—–-]/u.test(ctx.text.slice(qq.end, pos))) return -1;
    return /^[\s,—–-]*$/u.test(ctx.text.slice(qq.end, pos)) ? q : -1;
  }
  return -1;
}

/** Most words of a connective before a sentence-opening cue ("But, said Solovey, …", "And then said Hale: …"). */
const MAX_CONNECTIVE_WORDS = 2;

/**
 * Tokens [first, cue) are only a connective — a conjunction or adverb or two, perhaps with a comma
 * ("But, said Solovey, “…”", "Then, said Ortiz, “…”") — so the cue opens its clause as if it began
 * the sentence.
 */
export function opensAfterConnective(ctx: Context, first: number, cue: number): boolean {
  let words = 0;
  for (let k = first; k < cue; k++) {
    if (ctx.toks[k]!.text === ',' && k > first) continue;
    if (!/^(?:CC|RB)$/.test(ctx.syntax.pos(k)) || ++words > MAX_CONNECTIVE_WORDS) return false;
  }
  return words > 0;
}

/** Token index after the cue's adjuncts and, for verbs that take one, its object ("told reporters"). */
function afterCueArguments(ctx: Context, hit: CueHit, limit: number): number {
  let i = hit.end;
  // "called the plan “a disaster”", "described the move as …", "referred to him as …": the object is part of what was said.
  if (namingCue(hit)) return i;
  for (let guard = 0; guard < 4; guard++) {
    const adj = adjunctStartingAt(ctx, i, limit);
    if (adj > 0) { i += adj; continue; }
    if (ctx.toks[i]?.text === ',' && adjunctStartingAt(ctx, i + 1, limit) > 0) { i += 1; continue; }
    break;
  }
  // "said during this week's debate that …", "told a town hall in Salem on Monday that …": the clause starts at "that".
  if (i < limit && ctx.low[i] !== 'that' && (PREPOSITIONS.has(ctx.low[i]!) || ATTRIBUTION.objectTakers.has(hit.lemma))) {
    for (let k = i + 1; k < limit && k < i + 14; k++) {
      const t = ctx.toks[k]!.text;
      // 'said on ABC’s “This Week” that …': a title in the phrase is stepped over.
      const q = ctx.quotationOf[k]!;
      if (q >= 0 && ctx.title[q] && ctx.quotations[q]!.start === ctx.toks[k]!.start) { k = ctx.tokenFrom(ctx.quotations[q]!.end) - 1; continue; }
      // "telling supporters in Columbus, Ohio, that …", "told a town hall in Salem, New Hampshire on Monday
      // that …": a place and its state (one to three capitalised words) after a comma; then a comma, "that" or
      // a phrase of time or place goes on.
      if (t === ',') {
        let m = k + 1;
        while (m < limit && m <= k + 3 && CAP.test(ctx.toks[m]!.text) && ctx.quotationOf[m]! < 0) m++;
        if (m > k + 1 && m < limit) {
          if (ctx.low[m] === 'that') return m;
          if (ctx.toks[m]!.text === ',' && ctx.low[m + 1] === 'that') return m + 1;
          if (ADJUNCT_PREPOSITIONS.has(ctx.low[m]!) || ATTRIBUTION.timeWords.has(ctx.low[m]!)) { k = m - 1; continue; }
        }
      }
      if (t === ',' && ctx.low[k + 1] !== 'that' || q >= 0 || /^[.;:!?]$/.test(t)) break;
      if (ctx.low[k] === 'that') return k;
    }
  }
  // "wrote in both posts he was …", "acknowledged at a forum on Monday “…”": past phrases of place and
  // time, a reported clause or a quotation.
  if (i < limit && ADJUNCT_PREPOSITIONS.has(ctx.low[i]!)) {
    const k = afterAttributionAdjuncts(ctx, i, limit);
    const q = k < limit ? ctx.quotationOf[k]! : -1;
    if (k > i && k < limit && (ctx.low[k] === 'that' || finiteClauseAt(ctx, k, limit) || (q >= 0 && ctx.quotations[q]!.start === ctx.toks[k]!.start && !ctx.title[q]))) return k;
  }
  // "warned them that …", "told reporters …": the hearers are stepped over; "warned that …", "promised
  // that …": "that" opens the reported clause, it is no determiner of an object.
  if (ATTRIBUTION.objectTakers.has(hit.lemma) && i < limit && ctx.low[i] !== 'that') {
    const w = ctx.low[i]!;
    if (['me', 'him', 'her', 'us', 'them', 'you', 'reporters', 'journalists', 'voters', 'supporters', 'listeners', 'viewers', 'readers', 'lawmakers', 'members', 'donors', 'the crowd', 'the audience'].includes(w)) i++;
    else {
      const np = npStartingAt(ctx, i, limit);
      if (np && (CAP.test(ctx.toks[i]!.text) || STOP_DETERMINERS.has(w))) i = np.end;
    }
    for (let guard = 0; guard < 3; guard++) {
      const adj = adjunctStartingAt(ctx, i, limit);
      if (adj > 0) i += adj; else break;
    }
  }
  return i;
}

/** "to" followed by a noun phrase, outside quotations: the hearers of what is said ("to the convention"). */
function hearersAt(ctx: Context, k: number, limit: number): boolean {
  return ctx.low[k] === 'to' && k + 1 < limit && chunkType(ctx, k + 1) === 'NP' && ctx.quotationOf[k + 1]! < 0 && !ctx.syntax.pos(k + 1).startsWith('VB');
}

/** A verb that names or describes its object ("called it …", "referred to him as …"). */
function namingCue(hit: CueHit): boolean {
  return ATTRIBUTION.namingVerbs.has(hit.lemma) || ATTRIBUTION.namingVerbs.has(hit.lemma.split(' ')[0]!.replace(/(?:s|red|ring)$/, ''));
}

/** Does text[from, to) end with a colon (before trailing white space)? Reads from the end, not the whole range. */
function endsWithColon(text: string, from: number, to: number): boolean {
  let k = to - 1;
  while (k >= from && /\s/.test(text[k]!)) k--;
  return k >= from && text[k] === ':';
}

/** The quotations (indexes, in order) holding the tokens from token `fromTok` up to text position `end`. */
function quotationsIn(ctx: Context, fromTok: number, end: number): number[] {
  const out: number[] = [];
  for (let k = fromTok; k < ctx.toks.length && ctx.toks[k]!.start < end; k++) {
    const q = ctx.quotationOf[k]!;
    if (q >= 0 && out.at(-1) !== q) out.push(q);
  }
  return out;
}

/** Trim a content span of white space and edge punctuation. */
function trimContent(text: string, s: Span): Span {
  let { start, end } = s;
  while (start < end && /[\s,:;—–-]/u.test(text[start]!)) start++;
  while (end > start && /[\s,:;.—–-]/u.test(text[end - 1]!)) end--;
  return { start, end };
}

/** Words in a span, counted up to `enough` (callers only compare with small minimums). */
function wordsIn(ctx: Context, s: Span, enough = 8): number {
  let n = 0;
  for (let i = ctx.tokenFrom(s.start); i < ctx.toks.length && ctx.toks[i]!.end <= s.end && n < enough; i++) if (ctx.isWord(i)) n++;
  return n;
}

const hasMark = (s: string): boolean => /["“”«»„]/u.test(s);
/** Direct when the content opens with a quotation mark, mixed when it holds one, else indirect. */
const kindOfBody = (s: string): QuoteKind => (/^["“«„]/u.test(s) ? 'direct' : hasMark(s) ? 'mixed' : 'indirect');

/** Find every attribution frame in the document. */
export function findFrames(ctx: Context): Frame[] {
  const { toks } = ctx;
  const frames: Frame[] = [];
  const accept = (frame: Frame, list: Frame[]): void => {
    list.push(frame);
    for (const c of frame.content) ctx.claim(c);
    ctx.claim(frame.cue);
    if (frame.source && frame.sourceHow !== 'main-clause') ctx.claim(frame.source);
    for (const q of frame.quotations) ctx.claimedQuotation[q] = 1;
  };
  // An attribution that closes its sentence ("…, he said." / "…, according to X.") holds everything
  // before it, cues included: it is taken first, so a cue inside its content does not take that content.
  const outer: Frame[] = [];
  for (let si = 0; si < ctx.sentences.length; si++) {
    const frame = sentenceFinalFrame(ctx, ctx.sentenceFirst[si]!, ctx.sentenceEnd[si]!);
    if (frame) accept(frame, outer);
  }
  // Frames taken first join the list in text order, so a later cue sees them as the frame before it
  // ("…, Hale told reporters, adding that …").
  let nextOuter = 0;
  for (let i = 0; i < toks.length; i++) {
    while (nextOuter < outer.length && outer[nextOuter]!.cue.start <= toks[i]!.start) frames.push(outer[nextOuter++]!);
    if (ctx.claimed[i] || ctx.quotationOf[i]! >= 0) continue;
    const si = ctx.sentenceOf[i]!;
    if (si < 0) continue;
    const hit = cueAt(ctx, i);
    const frame = namingParticipleFrame(ctx, i, ctx.sentenceFirst[si]!, ctx.sentenceEnd[si]!)
      ?? (hit && !nominalCue(ctx, hit) ? frameFor(ctx, hit, ctx.sentenceFirst[si]!, ctx.sentenceEnd[si]!, frames) : null)
      // A cue form the verb rules found no frame for may still be a noun ("chants of “…”", tagged as one).
      ?? nounFrame(ctx, i, ctx.sentenceFirst[si]!, ctx.sentenceEnd[si]!) ?? hedgeFrame(ctx, i, ctx.sentenceFirst[si]!, ctx.sentenceEnd[si]!);
    if (!frame) continue;
    accept(frame, frames);
    i = Math.max(i, ctx.tokenFrom(frame.cue.end) - 1);
  }
  frames.push(...outer.slice(nextOuter));
  whatItCalls(ctx, frames);
  introducedByColon(ctx, frames);
  namedLineColon(ctx, frames);
  mannerVerbTail(ctx, frames);
  verbWithQuotation(ctx, frames);
  looseTail(ctx, frames);
  return frames.sort((a, b) => a.content[0]!.start - b.content[0]!.start);
}

/** Words that may stand between a naming verb and the name it quotes ("what she described as the “…”"). */
const BEFORE_NAME = new Set(['as', 'the', 'a', 'an', 'it', 'them', 'this']);

/**
 * 'The group seeks the repeal of what it calls “job-killing rules”', 'hoping to shed what Hale called “a
 * perception problem”': a free relative "what", its own subject and a finite naming verb (data/lexicon/
 * attribution.json, namingVerbs) quote a name as that subject's words. Inside the content of a frame whose cue
 * is no speech verb (an intention, a stance, evidence, a belief: "seeks", "hoping"), the quotation belongs to
 * the naming clause, not to the outer frame, whose source only wants or judges something: the frame gives way
 * to the naming attribution. Inside a speech frame ('She said the plan is what Hale calls “a mess”') the
 * speaker reports the whole clause, and the frame stays (news annotation such as PolNeAR's marks the outer
 * report; on its train split 3 of 3 such naming clauses in other frames were attributions of their own, and
 * 3 of 3 inside speech frames were part of the outer report).
 */
function whatItCalls(ctx: Context, frames: Frame[]): void {
  const { toks } = ctx;
  frames.forEach((f, fi) => {
    if (f.cls === 'speech' || f.kind !== 'mixed' || f.content.length !== 1) return;
    const c = f.content[0]!;
    for (let k = ctx.tokenFrom(c.start); k < toks.length && toks[k]!.end <= c.end; k++) {
      if (ctx.low[k] !== 'what' || ctx.quotationOf[k]! >= 0) continue;
      let v = k + 1;
      // The subject: words of a noun phrase or a pronoun; "what is called “…”", "what’s now called" is a passive
      // naming no one (namingParticipleFrame).
      while (v < toks.length && v - k <= MAX_NP_TOKENS && toks[v]!.end <= c.end && !cueAt(ctx, v) && !PASSIVE_AUX.has(ctx.low[v]!) && (npToken(ctx, v) || ATTRIBUTION.pronounSubjects.has(ctx.low[v]!) || ATTRIBUTION.adverbs.has(ctx.low[v]!))) v++;
      const hit = v > k + 1 && v < toks.length ? cueAt(ctx, v) : null;
      if (!hit || (hit.form !== 's' && hit.form !== 'ed') || !ATTRIBUTION.namingVerbs.has(hit.lemma)) continue;
      let n = hit.end;
      while (n < toks.length && n - hit.end < 3 && BEFORE_NAME.has(ctx.low[n]!) && ctx.quotationOf[n]! < 0) n++;
      const q = n < toks.length ? ctx.quotationOf[n]! : -1;
      if (q < 0 || ctx.quotations[q]!.start !== toks[n]!.start || !f.quotations.includes(q)) continue;
      let s = v - 1;
      while (s > k && ATTRIBUTION.adverbs.has(ctx.low[s]!)) s--;
      frames[fi] = {
        cue: { start: toks[hit.first]!.start, end: toks[hit.end - 1]!.end }, cls: hit.cls, lemma: hit.lemma,
        source: { start: toks[k + 1]!.start, end: toks[s]!.end }, sourceHow: 'subject',
        content: [ctx.quotations[q]!.inner], kind: 'direct', quotations: [q], reason: 'naming in a what-clause',
      };
      return;
    }
  });
}

/** Words between a naming participle and the quotation it names: "as" and an article ("billed as a “…”"). */
const NAMING_ARTICLES = new Set(['the', 'a', 'an']);

/**
 * "an event billed as “Harbor Day”", "what had been called the “Harbor Tax”", "Titled “A Harbor Story,” the
 * film …", "has been dubbed “the quiet engineer” by colleagues": a naming participle (data/lexicon/attribution.json,
 * namingParticiples) in a passive or a reduced relative clause, right before a quotation (after "as" and an
 * article at most), quotes a name that is no one's words in the sentence: the frame has no source, or the agent
 * after "by". Taken only after a passive "be", a common noun (with or without a comma) or at the sentence start:
 * after a name or a pronoun the participle is an active verb ("Ortiz called it “…”") and the cue rules read it
 * (the tagger reads both as a past tense); "so-called" is a writer's hedge on a word, not a name.
 */
function namingParticipleFrame(ctx: Context, i: number, first: number, end: number): Frame | null {
  const w = ctx.low[i]!;
  if (!ATTRIBUTION.namingParticiples.has(w) || ctx.low[i - 1] === 'so' || ctx.text[ctx.toks[i]!.start - 1] === '-') return null;
  let k = i + 1;
  if (ctx.low[k] === 'as') k++;
  else if (w === 'known') return null; // "known" names only with "as"
  if (NAMING_ARTICLES.has(ctx.low[k] ?? '')) k++;
  const q = k < end ? ctx.quotationOf[k]! : -1;
  // A title after "entitled" ('a segment entitled “Pimp My Chopper”') names a work, not anyone's words.
  if (q < 0 || ctx.claimedQuotation[q] || ctx.title[q]) return null;
  const qq = ctx.quotations[q]!;
  if (qq.open || qq.start !== ctx.toks[k]!.start) return null;
  const j = skipLeftAdverbsOnly(ctx, i - 1, first);
  // "being called “…”" names the subject of "being", whom news annotation takes as the source.
  const passive = j >= first && PASSIVE_AUX.has(ctx.low[j]!) && ctx.low[j] !== 'being';
  // After a common noun, or a comma after one ("a weekly show, called “…”"): a reduced relative. After a name
  // and a comma the participle is the name's verb ("a policy that the mayor, Lena Ortiz, called “…”").
  const commonNoun = (k: number): boolean => k >= first && (ctx.syntax.pos(k) === 'NN' || ctx.syntax.pos(k) === 'NNS') && ctx.quotationOf[k]! < 0;
  const afterNoun = j === i - 1 && (commonNoun(j) || (ctx.toks[j]!.text === ',' && commonNoun(j - 1)));
  if (!passive && j >= first && !afterNoun) return null;
  // The agent of a passive: "… by critics".
  const t = ctx.tokenFrom(qq.end);
  const agent = t < end && ctx.low[t] === 'by' ? npStartingAt(ctx, t + 1, end) : null;
  const direct = k === i + 1;
  const content = direct ? qq.inner : trimContent(ctx.text, { start: ctx.toks[i + 1]!.start, end: qq.end });
  const form = CUE_FORMS.get(w);
  return {
    cue: { start: ctx.toks[i]!.start, end: ctx.toks[i]!.end }, cls: form?.cls ?? 'stance', lemma: form?.lemma ?? w,
    source: agent?.span ?? null, sourceHow: agent ? 'subject' : 'none', content: [content], kind: direct ? 'direct' : 'mixed',
    quotations: [q], reason: 'naming participle',
  };
}

/** Reasons of frames whose content is the part of the sentence before the attribution. */
const CONTENT_BEFORE = new Set(['content before its attribution', 'content before an inverted attribution', 'according to']);

/**
 * The attribution that closes a sentence after a comma ("…, he said." / "…, said X." /
 * "…, according to X."), when what it attributes (the sentence before it) holds a cue of its
 * own ("Trump said he would win, the paper reported"): one attribution holds the other.
 */
function sentenceFinalFrame(ctx: Context, first: number, end: number): Frame | null {
  // The attribution runs to the sentence's end, or to a comma before a participle of its own
  // ("…, Hollande said Tuesday, noting that …").
  let comma = -1;
  let clauseEnd = end;
  let hit: CueHit | null = null;
  for (let k = end - 1; k > first && !hit; k--) {
    const plain = ctx.toks[k]!.text === ',' && ctx.quotationOf[k]! < 0;
    // '… in “a matter of weeks,” the agency reported': the comma sits inside the closing mark.
    const inMark = closeMarkAt(ctx, k) && ctx.toks[k - 1]!.text === ',' && ctx.quotationOf[k]! >= 0;
    if (!plain && !inMark) {
      if (ctx.quotationOf[k]! >= 0 && clauseEnd === end) return null;
      continue;
    }
    comma = k;
    const according = cueAt(ctx, comma + 1);
    if (according?.lemma === 'according to' && clauseEnd === end) hit = according;
    else if (tailAttributionAt(ctx, comma + 1, clauseEnd)) {
      for (let c = comma + 1; c < clauseEnd && !hit; c++) {
        const h = cueAt(ctx, c);
        if (h && h.form !== 'base' && h.form !== 'ing') hit = h;
      }
    }
    if (hit || !plain || clauseEnd !== end) break;
    // Not an attribution: it may close at this comma, before a participle.
    const f = CUE_FORMS.get(ctx.low[k + 1] ?? '');
    if (!(f?.form === 'ing' && ctx.syntax.pos(k + 1) === 'VBG')) break;
    clauseEnd = k;
  }
  if (!hit) return null;
  let inner = false;
  for (let k = first; k < comma && !inner; k++) {
    const h = ctx.quotationOf[k]! < 0 ? cueAt(ctx, k) : null;
    inner = h !== null && !nominalCue(ctx, h);
  }
  if (!inner) return null;
  const frame = frameFor(ctx, hit, first, end, []);
  if (!frame || frame.content[0]!.end > frame.cue.start) return null;
  return CONTENT_BEFORE.has(frame.reason) || (frame.reason === 'attribution after the quotation' && frame.kind === 'mixed') ? frame : null;
}

/**
 * Quotations no cue took that follow a colon ("She then addressed the
 * supporters: “…”", or a paragraph ending in a colon): the quotation is
 * the content; the introducing sentence's frame, or else its subject, is
 * the source.
 */
function introducedByColon(ctx: Context, frames: Frame[]): void {
  const { text, quotations } = ctx;
  for (let qi = 0; qi < quotations.length; qi++) {
    if (ctx.claimedQuotation[qi]) continue;
    const q = quotations[qi]!;
    const para = ctx.paragraphs[q.paragraph]!;
    let colonAt = -1;
    let b = q.start - 1;
    while (b >= para.start && /\s/.test(text[b]!)) b--;
    if (b >= para.start && text[b] === ':') colonAt = b;
    else if (q.start === para.start && q.paragraph > 0) {
      const prev = ctx.paragraphs[q.paragraph - 1]!;
      if (text[prev.end - 1] === ':') colonAt = prev.end - 1;
    }
    if (colonAt < 0) continue;
    const colonTok = ctx.tokenFrom(colonAt);
    const si = ctx.sentenceOf[colonTok] ?? -1;
    if (si < 0) continue;
    const first = ctx.sentenceFirst[si]!;
    const quotes = chainForward(ctx, qi);
    const content = quotes.map((x) => quotations[x]!.inner);
    // A frame whose cue is in the introducing sentence and whose content runs up to the colon takes the quotation instead.
    const f = frames.find((fr) => fr.kind !== 'direct' && ctx.sentenceOf[ctx.tokenFrom(fr.cue.start)] === si && fr.content.at(-1)!.end >= colonAt - 2 && fr.content.at(-1)!.end <= colonAt + 1);
    if (f) {
      f.content = content;
      f.kind = 'direct';
      f.quotations = quotes;
      f.reason = 'attribution before the quotation (colon)';
    } else {
      const subject = mainSubject(ctx, first, colonTok);
      const named = nameBeforeColon(ctx, first, colonTok, subject);
      if (named) {
        frames.push({ cue: { start: colonAt, end: colonAt + 1 }, cls: 'speech', lemma: ':', source: named, sourceHow: 'subject', content, kind: 'direct', quotations: quotes, reason: 'introduced by a colon' });
        for (const x of quotes) ctx.claimedQuotation[x] = 1;
        continue;
      }
      if (!subject) continue;
      // A heading in capitals ("IOWA POLLS: …") or a stray preposition ("From") names no speaker.
      const junk = headingOrFunctionWord(ctx, subject.span);
      frames.push({ cue: { start: colonAt, end: colonAt + 1 }, cls: 'speech', lemma: ':', source: junk ? null : subject.span, sourceHow: junk ? 'none' : 'main-clause', content, kind: 'direct', quotations: quotes, reason: 'introduced by a colon' });
    }
    for (const x of quotes) ctx.claimedQuotation[x] = 1;
  }
}

/** Words that may follow a name before the colon that introduces its words ("Here's Clinton in December 1992:"). */
const MAX_AFTER_NAME_TOKENS = 4;

/**
 * The person or organisation named right before a colon that introduces a quotation, when
 * the clause's subject names no one ("The timing surprises no one less than pollster Dana
 * Ruiz:", "More from Ruiz:", "STATE POLLS TIGHTEN - Dana Ruiz:"): quoting a name, then
 * a colon, gives the named their words.
 */
function nameBeforeColon(ctx: Context, first: number, colonTok: number, subject: SourceHit | null): Span | null {
  if (subject && (ATTRIBUTION.pronounSubjects.has(ctx.low[subject.first]!) || namedWithin(ctx, subject.span))) return null;
  // The stretch before the colon, after a dash that ends a heading.
  let from = first;
  for (let k = colonTok - 1; k >= first; k--) if (DASHES.has(ctx.toks[k]!.text)) { from = k + 1; break; }
  if (colonTok - from < 1) return null;
  const segment: Span = { start: ctx.toks[from]!.start, end: ctx.toks[colonTok - 1]!.end };
  const mentions = spansWithin(ctx.named, { start: Math.max(0, segment.start - MAX_NAME_CHARS), end: segment.end }).filter((m) => m.start >= segment.start && m.end <= segment.end);
  const last = mentions.at(-1);
  if (!last) return null;
  // Only a few words (a time or place phrase) may stand between the name and the colon.
  const after = ctx.tokenFrom(last.end);
  if (colonTok - after > MAX_AFTER_NAME_TOKENS || (after < colonTok && !PREPOSITIONS.has(ctx.low[after]!))) return null;
  return last;
}

/** Does a span hold a person or organisation's name? */
function namedWithin(ctx: Context, span: Span): boolean {
  return spansWithin(ctx.named, { start: Math.max(0, span.start - MAX_NAME_CHARS), end: span.end }).some((m) => m.start < span.end && span.start < m.end);
}

/** Is a would-be speaker a heading in capitals, or a lone preposition? */
function headingOrFunctionWord(ctx: Context, span: Span): boolean {
  const words = ctx.text.slice(span.start, span.end).split(/\s+/u).filter((w) => /\p{L}/u.test(w));
  if (words.length >= 2 && words.every((w) => w === w.toUpperCase())) return true;
  if (words.length !== 1) return false;
  const w = words[0]!.toLowerCase();
  return PREPOSITIONS.has(w);
}

/**
 * A line that opens with a name and a colon ("Kasich: We will go all the way
 * to Cleveland", a headline or a transcript line): what follows is what the
 * named person or organisation said.
 */
function namedLineColon(ctx: Context, frames: Frame[]): void {
  const { toks, text } = ctx;
  for (const para of ctx.paragraphs) {
    const first = ctx.tokenFrom(para.start);
    let colon = -1;
    for (let k = first; k < toks.length && k < first + MAX_NAMED_LINE_TOKENS && toks[k]!.start < para.end; k++) {
      if (toks[k]!.text === ':') { colon = k; break; }
      if (!CAP.test(toks[k]!.text) && toks[k]!.text !== '.' && !(ctx.low[k] === "'s" && k > first)) break;
    }
    if (colon <= first || ctx.claimed[colon + 1] || ctx.quotationOf[colon + 1]! >= 0 && ctx.claimedQuotation[ctx.quotationOf[colon + 1]!]) continue;
    const source: Span = { start: toks[first]!.start, end: toks[colon - 1]!.end };
    if (spansWithin(ctx.named, { start: Math.max(0, source.start - MAX_NAME_CHARS), end: source.end + MAX_NAME_CHARS }).every((m) => !(m.start < source.end && source.start < m.end))) continue;
    const sentenceEnd = ctx.sentences[ctx.sentenceOf[colon + 1] ?? -1]?.end ?? para.end;
    const content = trimContent(text, { start: toks[colon]!.end, end: Math.min(para.end, Math.max(sentenceEnd, toks[colon + 1]?.end ?? para.end)) });
    if (wordsIn(ctx, content) < 3) continue;
    const inside = quotationsIn(ctx, colon + 1, content.end);
    if (inside.some((q) => ctx.claimedQuotation[q])) continue;
    const body = text.slice(content.start, content.end);
    frames.push({ cue: { start: toks[colon]!.start, end: toks[colon]!.end }, cls: 'speech', lemma: ':', source, sourceHow: 'subject', content: [content], kind: kindOfBody(body), quotations: inside, reason: 'name and colon' });
    for (const q of inside) ctx.claimedQuotation[q] = 1;
    ctx.claim(content);
  }
}

const DASHES = new Set(['—', '―', '–', '--', '-']);

/** Where a run of capitalised words (a name: "Donald Hartley", "Sen. Ted Cruz") starting at token i ends. */
function nameRunEnd(ctx: Context, i: number, limit: number): number {
  let k = i;
  while (k < limit && k - i < MAX_NP_TOKENS && ctx.quotationOf[k]! < 0) {
    const t = ctx.toks[k]!.text;
    if (CAP.test(t) || (t === '.' && k > i && ABBREV.test(ctx.toks[k - 1]!.text)) || (ctx.low[k] === 'of' && k > i && CAP.test(ctx.toks[k + 1]?.text ?? ''))) k++;
    else break;
  }
  return k;
}

/** Words that may follow a manner-of-speaking verb after its subject ("…,” Trump barked and …", "…,” she snapped at him."). */
const AFTER_MANNER_VERB = new Set(['.', ',', '!', '?', ';', 'and', 'but', 'as', 'while', 'before', 'after', 'at', 'to', 'from', 'in', 'on', 'with', 'into', 'back', 'out', 'up']);

/**
 * Quotations no cue took that end in [,!?] and are followed by a subject and
 * a past or present verb ("“Go back,” Trump barked") or the reverse ("“This
 * is fantastic!” beamed Donald Hartley"): the verb is one of the many ways of
 * speaking no lexicon lists in full, and the word order alone says the
 * quotation is what the subject said.
 */
function mannerVerbTail(ctx: Context, frames: Frame[]): void {
  const { toks, text } = ctx;
  ctx.quotations.forEach((q, qi) => {
    if (ctx.claimedQuotation[qi] || ctx.title[qi]) return;
    const t = ctx.tokenFrom(q.end);
    if (t < toks.length && !DASHES.has(toks[t]!.text) && !/[,!?][\s"”»]*$/u.test(text.slice(q.inner.start, q.end))) return;
    if (t >= toks.length || ctx.quotationOf[t]! >= 0 || ctx.claimed[t] || toks[t]!.start > q.end + 2) return;
    const si = ctx.sentenceOf[t]!;
    if (si < 0) return;
    const end = ctx.sentenceEnd[si]!;
    const isVerb = (k: number): boolean => k < end && (ctx.syntax.pos(k) === 'VBD' || ctx.syntax.pos(k) === 'VBZ') && !ATTRIBUTION.auxiliaries.has(ctx.low[k]!) && ctx.quotationOf[k]! < 0 && !ctx.claimed[k];
    // The quotation (with the pieces before it that it continues) is the source's, the token at `cueTok` the cue.
    const attribute = (cueTok: number, source: Span, how: Frame['sourceHow'], reason: string): void => {
      const quotes = [...chainBackward(ctx, qi), qi].filter((x) => !ctx.claimedQuotation[x]);
      const cue: Span = { start: toks[cueTok]!.start, end: toks[cueTok]!.end };
      frames.push({ cue, cls: 'speech', lemma: ctx.low[cueTok]!, source, sourceHow: how, content: quotes.map((x) => ctx.quotations[x]!.inner), kind: 'direct', quotations: quotes, reason });
      for (const x of quotes) ctx.claimedQuotation[x] = 1;
      ctx.claim(cue);
      ctx.claim(source);
    };
    // A pull quote signed with a dash: '“…” ― Marta Silva' (the name ends its line or paragraph, perhaps with a
    // period, or an apposition follows). Roundups put one such quote on each line of a paragraph: the name is
    // read within its line.
    if (DASHES.has(toks[t]!.text) && t + 1 < toks.length && CAP.test(toks[t + 1]!.text)) {
      // The signature may stand in a paragraph of its own ('“…”\n\n- Sanders.').
      const lineBreak = text.indexOf('\n', toks[t + 1]!.end);
      const lineEnd = lineBreak < 0 ? text.length : lineBreak;
      let limit = t + 1;
      while (limit < toks.length && toks[limit]!.start < lineEnd) limit++;
      const e = nameRunEnd(ctx, t + 1, limit);
      const endsLine = (k: number): boolean => k >= limit;
      if (e > t + 1 && (endsLine(e) || toks[e]!.text === ',' || (toks[e]!.text === '.' && endsLine(e + 1)))) {
        attribute(t, { start: toks[t + 1]!.start, end: toks[e - 1]!.end }, 'subject', 'quotation signed with a dash');
      }
      return;
    }
    let source: { span: Span; how: Frame['sourceHow'] } | null = null;
    let verb = -1;
    if (ATTRIBUTION.pronounSubjects.has(ctx.low[t]!) && ctx.syntax.pos(t) === 'PRP' && isVerb(t + 1)) {
      source = { span: { start: toks[t]!.start, end: toks[t]!.end }, how: 'pronoun' };
      verb = t + 1;
    } else if (CAP.test(toks[t]!.text) && !isVerb(t)) {
      const e = nameRunEnd(ctx, t, end);
      if (e > t && isVerb(e)) {
        source = { span: { start: toks[t]!.start, end: toks[e - 1]!.end }, how: 'subject' };
        verb = e;
      }
    } else if ((isVerb(t) || ctx.syntax.pos(t) === 'VBN' && !ctx.claimed[t]) && t + 1 < end && CAP.test(toks[t + 1]!.text)) {
      // Inverted: the verb, then a name, then the sentence's end or an apposition (the tagger reads
      // a past tense right after a closing mark as a participle as often as not).
      const e = nameRunEnd(ctx, t + 1, end);
      if (e > t + 1 && (e >= end || /^[.,!?]$/.test(toks[e]!.text))) {
        source = { span: { start: toks[t + 1]!.start, end: toks[e - 1]!.end }, how: 'inverted' };
        verb = t;
      }
    }
    if (source === null || verb < 0) return;
    if (source.how !== 'inverted' && verb + 1 < end && !AFTER_MANNER_VERB.has(ctx.low[verb + 1]!)) return;
    attribute(verb, source.span, source.how, 'attribution after the quotation (manner verb)');
  });
}

/** Most tokens between a quotation's closing mark and the speech verb of a loose tail attribution. */
const MAX_LOOSE_TAIL_TOKENS = 40;
/** Most words in a quotation stepped over inside a loose tail ('X, wearing “Ted Cruz” pins, said'). */
const MAX_LOOSE_TAIL_TITLE_WORDS = 4;

/**
 * '“A,” Bill Frelick, refugee rights program director at Human Rights Watch, said in an interview.':
 * a quotation that opens its sentence and closes on a comma (or "?" / "!"), then, before the sentence
 * ends, a speech verb in the past or present ("said", "says", "wrote"). The other rules read the subject
 * from the tagger's chunks and miss it when a tag goes wrong in a long source ("program" as a verb,
 * "the Florida senator and Republican presidential candidate"); the shape alone is enough here. The
 * source is the subject before the verb when one is found, else the words up to the first comma.
 */
function looseTail(ctx: Context, frames: Frame[]): void {
  const { toks, text } = ctx;
  ctx.quotations.forEach((q, qi) => {
    if (ctx.claimedQuotation[qi] || ctx.title[qi] || q.open) return;
    if (!/[,!?][\s"”»']*$/u.test(text.slice(q.inner.start, q.end))) return;
    const para = ctx.paragraphs[q.paragraph]!;
    const before = text.slice(para.start, q.start);
    if (!/(?:^|[.!?]["”»]?)\s*$/u.test(before)) return;
    const t = ctx.tokenFrom(q.end);
    if (t >= toks.length || toks[t]!.start >= para.end || !/^[\s,]*$/u.test(text.slice(q.end, toks[t]!.start))) return;
    // A lower-case word may open a role before a name ('super PAC spokeswoman Kellyanne Conway said'); checked once the verb is found.
    const roleFirst = !CAP.test(toks[t]!.text) && !STOP_DETERMINERS.has(ctx.low[t]!) && !ATTRIBUTION.pronounSubjects.has(ctx.low[t]!);
    if (roleFirst && !/^\p{Ll}[\p{L}-]*$/u.test(toks[t]!.text)) return;
    let verb = -1;
    for (let k = t; k < toks.length && k - t < MAX_LOOSE_TAIL_TOKENS && toks[k]!.start < para.end; k++) {
      if (ctx.claimed[k]) return;
      const x = toks[k]!.text;
      const qk = ctx.quotationOf[k]!;
      if (qk >= 0) {
        // A name or a slogan inside the source ('wearing “Ted Cruz” pins') is stepped over.
        const qq = ctx.quotations[qk]!;
        if (qq.open || wordsIn(ctx, qq.inner) > MAX_LOOSE_TAIL_TITLE_WORDS || k === t) return;
        k = ctx.tokenFrom(qq.end) - 1;
        continue;
      }
      if (/^[.!?;:]$/u.test(x) && !(x === '.' && k > 0 && ABBREV.test(toks[k - 1]!.text))) return;
      const f = CUE_FORMS.get(ctx.low[k]!);
      if (k > t && f?.cls === 'speech' && (f.form === 'ed' || f.form === 's') && !PASSIVE_AUX.has(ctx.low[k - 1]!) && ctx.low[k - 1] !== 'to' && !STOP_DETERMINERS.has(ctx.low[k - 1]!)) { verb = k; break; }
    }
    if (verb < 0) return;
    if (roleFirst && !roleThenName(ctx, t, verb)) return;
    let e = t;
    while (e < verb && toks[e]!.text !== ',') e++;
    const subject = clauseSubject(ctx, verb, t);
    let span = subject && subject.how !== 'main-clause' ? subject.span : { start: toks[t]!.start, end: toks[e - 1]!.end };
    // "the Riverton mayor and council candidate said": words joined by "and" before the subject's chunk are the subject too.
    if (subject?.how === 'subject' && subject.first > t) {
      let joined = true;
      for (let k = t; k < subject.first && joined; k++) joined = ctx.low[k] === 'and' || npToken(ctx, k);
      if (joined) span = { start: toks[t]!.start, end: span.end };
    }
    if (span.end <= span.start) return;
    const quotes = [...chainBackward(ctx, qi), qi].filter((x) => !ctx.claimedQuotation[x]);
    const cue: Span = { start: toks[verb]!.start, end: toks[verb]!.end };
    const f = CUE_FORMS.get(ctx.low[verb]!)!;
    const how: Frame['sourceHow'] = subject && subject.how !== 'main-clause' ? subject.how : 'subject';
    frames.push({ cue, cls: f.cls, lemma: f.lemma, source: span, sourceHow: how, antecedent: subject?.antecedent, content: quotes.map((x) => ctx.quotations[x]!.inner), kind: 'direct', quotations: quotes, reason: 'attribution after the quotation' });
    for (const x of quotes) ctx.claimedQuotation[x] = 1;
    ctx.claim(cue);
    ctx.claim(span);
  });
}

/** Most words of a role and name before a tail attribution's verb ('super PAC spokeswoman Kellyanne Conway said'). */
const MAX_ROLE_NAME_WORDS = 8;

/**
 * Tokens [from, verb) are a lower-case role followed by a name: words only, the last capitalised,
 * and no verb among them ('campaign manager Robby Mook', not 'the crowd cheered and Mook').
 */
function roleThenName(ctx: Context, from: number, verb: number): boolean {
  if (verb - from < 2 || verb - from > MAX_ROLE_NAME_WORDS || !CAP.test(ctx.toks[verb - 1]!.text)) return false;
  for (let k = from; k < verb; k++) {
    if (!/^\p{L}[\p{L}.'’-]*$/u.test(ctx.toks[k]!.text) || /^VB/.test(ctx.syntax.pos(k))) return false;
  }
  return true;
}

/** Right before a quotation: "as", perhaps with an article ("described it as a “…”"). */
const AS_DESCRIPTION = /\bas(?:\s+(?:a|an|the))?\s*$/iu;

/** Most tokens between a verb and the quotation in its object ("heralded the deal with Turkey as a “breakthrough”"). */
const MAX_VERB_TO_QUOTATION = 12;

/** Longest quotation that may be a term modifying the noun after it ('the “gun safety” debate'). */
const MAX_MODIFIER_WORDS = 2;

/**
 * 'pushed the “gun safety” narrative', 'hired a “launch team”': a short quotation right before a common noun
 * modifies that noun; it is a term or a scare quote, not words the verb's subject said.
 */
function modifierQuotation(ctx: Context, q: Quotation): boolean {
  const inner = ctx.text.slice(q.inner.start, q.inner.end);
  if (inner.split(/\s+/).filter((w) => WORD.test(w)).length > MAX_MODIFIER_WORDS) return false;
  const after = ctx.tokenFrom(q.end);
  return after < ctx.toks.length && ctx.toks[after]!.start - q.end <= 1 && /^NNS?$/.test(ctx.syntax.pos(after));
}

/**
 * A quotation no frame took, inside the object of a verb that no lexicon lists as a cue ("Merkel heralded
 * the deal as a “breakthrough.”", "Sanders promised to end “the … regime.”"): quoting someone's words in
 * what they did makes the verb an attribution. The nearest finite verb before the quotation in its
 * sentence, with a subject, is the cue; its subject the source; the rest of its clause the content.
 */
function verbWithQuotation(ctx: Context, frames: Frame[]): void {
  const { toks, text } = ctx;
  ctx.quotations.forEach((q, qi) => {
    // A name or a title in quotation marks ("reads “The Engineer”") is not someone's words.
    if (ctx.claimedQuotation[qi] || ctx.title[qi] || q.open || titleShaped(text, q)) return;
    const t = ctx.tokenFrom(q.start);
    const si = ctx.sentenceOf[Math.min(t, toks.length - 1)]!;
    if (si < 0) return;
    const first = ctx.sentenceFirst[si]!;
    const end = ctx.sentenceEnd[si]!;
    let v = -1;
    for (let k = t - 1; k >= first && t - k <= MAX_VERB_TO_QUOTATION; k--) {
      if (ctx.claimed[k] || ctx.quotationOf[k]! >= 0 || /^[.;:!?—–]$/u.test(toks[k]!.text)) break;
      const tag = ctx.syntax.pos(k);
      // A contracted "is" ("It's fine to “…”", "there's still “…”") is a copula or an auxiliary, as "is" is.
      if (!tag.startsWith('VB') || ATTRIBUTION.auxiliaries.has(ctx.low[k]!) || contractedAuxiliary(ctx, k)) continue;
      if (tag === 'VBD' || tag === 'VBZ' || tag === 'VBP') { v = k; break; }
      // "has described X as “…”", "is calling it “…”": a participle after an auxiliary is the clause's verb;
      // "statements underscoring the “friendship”": a participle on its own opens a phrase of its own.
      const j = skipLeftAdverbsOnly(ctx, k - 1, first);
      if (j >= first && (ATTRIBUTION.auxiliaries.has(ctx.low[j]!) || ctx.syntax.pos(j) === 'MD')) v = k;
      // "ripped the director for acting as “…”", "credited her with holding “…”": a gerund after a preposition
      // is inside the object of a verb further left.
      else if (j >= first && tag === 'VBG' && (PREPOSITIONS.has(ctx.low[j]!) || ctx.low[j] === 'of')) continue;
      break;
    }
    // "signaled in its advocacy for “peace talks”": a prepositional phrase of place or manner is not what was said.
    if (v < 0 || ADJUNCT_PREPOSITIONS.has(ctx.low[v + 1] ?? '')) return;
    if (modifierQuotation(ctx, q)) return;
    const subject = clauseSubject(ctx, v, first);
    if (!subject || subject.how === 'none') return;
    for (let k = ctx.tokenFrom(subject.span.start); k < v; k++) if (ctx.claimed[k] || ctx.quotationOf[k]! >= 0) return;
    const paragraph = ctx.sentences[si]!.paragraph;
    const content = trimContent(text, { start: toks[v + 1]!.start, end: complementEnd(ctx, v + 1, end, paragraph) });
    if (content.end <= q.start) return;
    const inside = quotationsIn(ctx, v + 1, content.end);
    if (inside.some((x) => ctx.claimedQuotation[x])) return;
    // A verb no lexicon lists is a cue only by the words it quotes: a single quoted word ("the so-called
    // “rebels”", "plenty of “moaning”") is a term or a scare quote more often than anyone's words.
    // After "as" ('heralded the deal as a “breakthrough”') a single word is how the subject described something.
    if (inside.every((x) => wordsIn(ctx, ctx.quotations[x]!.inner, 2) < 2 && !AS_DESCRIPTION.test(text.slice(Math.max(0, ctx.quotations[x]!.start - 8), ctx.quotations[x]!.start)))) return;
    const body = text.slice(content.start, content.end);
    const cue: Span = { start: toks[v]!.start, end: toks[v]!.end };
    const frame: Frame = { cue, cls: 'speech', lemma: ctx.low[v]!, source: subject.span, sourceHow: subject.how, antecedent: subject.antecedent, content: [content], kind: /^["“«„]/u.test(body) ? 'direct' : 'mixed', quotations: inside, reason: 'verb with a quotation in its object' };
    frames.push(frame);
    for (const x of inside) ctx.claimedQuotation[x] = 1;
    ctx.claim(content);
    ctx.claim(cue);
    ctx.claim(subject.span);
  });
}

function frameFor(ctx: Context, hit: CueHit, first: number, end: number, previous: readonly Frame[]): Frame | null {
  const { text, toks } = ctx;
  const cue: Span = { start: toks[hit.first]!.start, end: toks[hit.end - 1]!.end };
  const paragraph = ctx.sentences[ctx.sentenceOf[hit.first]!]!.paragraph;
  const sentence = ctx.sentences[ctx.sentenceOf[hit.first]!]!;
  const base = { cue, cls: hit.cls, lemma: hit.lemma };
  const nextLow = ctx.low[hit.end];

  // "according to X, …" / "…, according to X."
  if (hit.lemma === 'according to') {
    const np = npStartingAt(ctx, hit.end, end);
    if (!np) return null;
    const source = np.span;
    // "According to X, …" opens the clause it attributes; so does "But, according to X, …" or "…: According to X, …"
    // (the phrase and a comma, then a clause). Otherwise the content is what came before ("…, according to X.").
    const opensClause = (): boolean => {
      if (ctx.toks[np.end]?.text !== ',') return false;
      // "according to X, who …" / "according to X, director of …, which …": a relative clause or an
      // apposition describes the source; the attributed clause came before.
      if (RELATIVE_TAGS.has(ctx.syntax.pos(np.end + 1)) || ctx.low[np.end + 1] === 'whose') return false;
      for (let k = np.end + 1; k < end && k < np.end + 2 * MAX_SUBJECT_TOKENS; k++) {
        if (ctx.toks[k]!.text === ',' && ctx.quotationOf[k]! < 0) return false;
        if (isFinite(ctx, k)) return true;
      }
      return false;
    };
    // "But, according to X, …": only clause words and commas before the phrase.
    let lead = first;
    while (lead < hit.first && (ATTRIBUTION.clauseWords.has(ctx.low[lead]!) || ctx.toks[lead]!.text === ',')) lead++;
    const atStart = lead === hit.first || opensClause();
    let content: Span;
    if (atStart) {
      let k = np.end;
      while (k < end && toks[k]!.text !== ',') k++;
      content = trimContent(text, { start: toks[Math.min(k + 1, end - 1)]!.start, end: sentence.end });
      if (k >= end - 1) return null;
    } else {
      // After a wire dateline, which the context claims ("WASHINGTON — …, according to …").
      let from = ctx.sentenceFirst[ctx.sentenceOf[hit.first]!]!;
      while (from < hit.first && ctx.claimed[from]) from++;
      content = trimContent(text, { start: Math.max(sentence.start, toks[from]!.start), end: cue.start });
    }
    if (wordsIn(ctx, content) < 2) return null;
    return { ...base, source, sourceHow: 'subject', content: [content], kind: hasMark(text.slice(content.start, content.end)) ? 'mixed' : 'indirect', quotations: [], reason: 'according to' };
  }

  // Passive ("was told", "is expected"): the subject is not the source.
  const before = skipLeftAdverbsOnly(ctx, hit.first - 1, first);
  if (before >= first && PASSIVE_AUX.has(ctx.low[before]!) && (hit.form === 'ed' || hit.form === 'phrase')) {
    // "Trump is expected to speak", "She was asked whether …": attributed to no one named.
    if (!ATTRIBUTION.sourcelessPassives.has(hit.lemma)) return null;
    return sourcelessFrame(ctx, { ...base, cue: { start: toks[before]!.start, end: cue.end } }, hit.lemma === 'expect' ? clauseSubject(ctx, before, first) : null, hit.end, end, paragraph, 'passive cue');
  }
  // "said to be", "is thought to": not speech. Intentions take "to" ("wants to", "refused to").
  if (nextLow === 'to' && ctx.syntax.pos(hit.end + 1) === 'VB' && hit.cls === 'speech' && hit.lemma !== 'promise' && hit.lemma !== 'vow' && hit.lemma !== 'pledge' && hit.lemma !== 'threaten') return null;

  const prevTok = toks[hit.first - 1]?.text;
  // "…, says Oleg Ignatov, the group's analyst." — a name right after the cue and then the sentence's end: inverted.
  // "…, Seth Vale, a scientist, told The Tribune.": the noun phrase after "told" is who was told, not the speaker.
  const hearerAfter = ATTRIBUTION.hearerObjects.has(hit.lemma);
  // "…, telling reporters …" / '… “corrupt,” noting …': a participle after a comma is a free adjunct; the
  // words before the comma are not its subject (the fallbacks below find the main clause's).
  const freeParticiple = hit.form === 'ing' && ctx.syntax.pos(hit.first) === 'VBG' && (prevTok === ',' || (closeMarkAt(ctx, hit.first - 1) && toks[hit.first - 2]?.text === ','));
  let subject = freeParticiple || (prevTok === ',' && !hearerAfter && invertedAt(ctx, hit, end)) ? null : clauseSubject(ctx, hit.first, first);
  // "The town released a statement saying …", "He sent a memo to the paper in April explaining …": the noun
  // phrase before a participle is the object of an earlier verb, whose subject is the source.
  if (subject && subject.how === 'subject' && hit.form === 'ing' && ctx.syntax.pos(hit.first) === 'VBG') {
    const v = governingVerb(ctx, subject.first, first);
    if (v >= 0) subject = clauseSubject(ctx, v, first) ?? subject;
  }
  if (!subject && previous.length > 0) {
    // "X called it a “gesture” and said …": a coordinated cue shares the subject of the frame before it.
    const j = skipLeftAdverbsOnly(ctx, hit.first - 1, first);
    const prevFrame = previous.at(-1)!;
    if (j >= first && (ctx.low[j] === 'and' || ctx.low[j] === 'but') && prevFrame.source && ctx.sentenceOf[ctx.tokenFrom(prevFrame.cue.start)] === ctx.sentenceOf[hit.first]) {
      subject = { span: prevFrame.source, how: 'main-clause', first: ctx.tokenFrom(prevFrame.source.start) };
    }
  }
  if (!subject) {
    // "Reid caucused on Saturday and says he voted …": the sentence's subject.
    const j = skipLeftAdverbsOnly(ctx, hit.first - 1, first);
    if (j > first && (ctx.low[j] === 'and' || ctx.low[j] === 'but')) subject = mainSubject(ctx, first, j);
  }
  // "… by saying he would help", "after telling reporters …": a participle after a preposition has the main clause's subject.
  if (!subject && hit.form === 'ing' && PARTICIPLE_PREPOSITIONS.has(ctx.low[hit.first - 1] ?? '')) subject = mainSubject(ctx, first, hit.first - 1);
  // "Cruz said that …, adding that …" / '… was “corrupt,” noting …': a participle after a comma shares
  // the source of the frame before it in the sentence.
  if (!subject && hit.form === 'ing' && previous.length > 0) {
    const prevFrame = previous.at(-1)!;
    const j = hit.first - 1;
    const afterComma = toks[j]?.text === ',' || (closeMarkAt(ctx, j) && toks[j - 1]?.text === ',');
    if (afterComma && prevFrame.source && prevFrame.sourceHow !== 'none' && ctx.sentenceOf[ctx.tokenFrom(prevFrame.cue.start)] === ctx.sentenceOf[hit.first]) {
      subject = { span: prevFrame.source, how: 'main-clause', first: ctx.tokenFrom(prevFrame.source.start), antecedent: prevFrame.antecedent };
    }
  }
  if (!subject && (prevTok === ',' || freeParticiple) && hit.form === 'ing') subject = previous.length > 0 && previous.at(-1)!.source && ctx.sentenceOf[ctx.tokenFrom(previous.at(-1)!.cue.start)] === ctx.sentenceOf[hit.first] ? { span: previous.at(-1)!.source!, how: 'main-clause', first: ctx.tokenFrom(previous.at(-1)!.source!.start) } : mainSubject(ctx, first, hit.first);

  // Tail: a quotation ends right before the attribution ("“A,” X said" / "“A,” said X").
  const clauseStart = subject && subject.how !== 'main-clause' ? subject.span.start : cue.start;
  // A participle never closes a quotation ('“…,” saying …' has the main clause's subject, not a speaker after it).
  let qBefore = hit.form === 'ing' && ctx.syntax.pos(hit.first) === 'VBG' ? -1 : quotationEndingBefore(ctx, clauseStart, paragraph);
  // 'Walking in to chants of “Marco!,” the senator said his campaign was …': a quotation inside its
  // sentence, then a subject and a cue that reports a clause of its own, is no tail attribution.
  if (qBefore >= 0 && subject && subject.how !== 'main-clause' && leadBeforeQuotation(ctx, ctx.quotations[qBefore]!)) {
    let k = hit.end;
    if (ATTRIBUTION.objectTakers.has(hit.lemma)) k = npStartingAt(ctx, k, end)?.end ?? k;
    if (k < end && ((ctx.low[k] === 'that' && !ATTRIBUTION.timeWords.has(ctx.low[k + 1] ?? '')) || finiteClauseAt(ctx, k, end))) qBefore = -1;
  }
  if (qBefore >= 0) {
    let source = subject && subject.how !== 'main-clause' ? subject : null;
    let clauseEnd = hit.end;
    if (!source && !hearerAfter) {
      const np = npStartingAt(ctx, afterAdjuncts(ctx, hit.end, end), end);
      if (np) { source = { span: np.span, how: 'inverted', first: ctx.tokenFrom(np.span.start) }; clauseEnd = np.end; }
    }
    if (!source) return null;
    const quotes = [...chainBackward(ctx, qBefore), qBefore];
    const content = quotes.map((q) => ctx.quotations[q]!.inner);
    // 'Ortiz said the bridge would reopen in “a matter of weeks,” the agency reported': words of the
    // sentence before the quotation are part of what is attributed (a mixed quote).
    const lead = quotes.length === 1 ? leadBeforeQuotation(ctx, ctx.quotations[qBefore]!) : null;
    if (lead) content[0] = { start: lead.start, end: ctx.quotations[qBefore]!.end };
    // The attribution may go on ("in an interview with X") before the quote continues: . “B.”
    const after = continuationAfter(ctx, Math.max(clauseEnd, hit.end), paragraph);
    if (after >= 0) { quotes.push(...chainForward(ctx, after)); content.push(...quotes.slice(content.length).map((q) => ctx.quotations[q]!.inner)); }
    return { ...base, source: source.span, sourceHow: source.how, antecedent: source.antecedent, content, kind: lead ? 'mixed' : 'direct', quotations: quotes, reason: 'attribution after the quotation' };
  }

  // Inverted indirect without a subject: "…, said X." / "…, says a report by X."
  let loose = false;
  if (!subject) {
    if (hit.first === first || opensAfterConnective(ctx, first, hit.first)) {
      // "Continued Stone: “…”" — the cue opens the sentence, the source follows, then the quotation.
      const np = npStartingAt(ctx, hit.end, end);
      if (!np) return null;
      const q = quotationStartingAfter(ctx, toks[np.end - 1]!.end, ctx.paragraphs[paragraph]!.end);
      const nextPara = ctx.paragraphs[paragraph + 1];
      const q2 = q < 0 && nextPara && endsWithColon(text, np.span.end, ctx.paragraphs[paragraph]!.end) ? quotationStartingAfter(ctx, nextPara.start, nextPara.start) : -1;
      const qq = q >= 0 ? q : q2;
      if (qq < 0) return null;
      const quotes = chainForward(ctx, qq);
      return { ...base, source: np.span, sourceHow: 'inverted', content: quotes.map((x) => ctx.quotations[x]!.inner), kind: 'direct', quotations: quotes, reason: 'attribution before the quotation' };
    }
    const inverted = ((): Frame | null => {
      // Only a verb of speaking comes before its subject ("…, said X"); "…, dismissed the plan" is a predicate
      // whose subject came first (perhaps one the chunks missed: "Dahl, 52, who led the union, dismissed …").
      if ((prevTok !== ',' && prevTok !== '—') || hearerAfter || hit.cls !== 'speech') return null;
      const np = npStartingAt(ctx, afterAdjuncts(ctx, hit.end, end), end);
      if (!np || holdsFiniteVerb(ctx, ctx.tokenFrom(np.span.start), np.end)) return null;
      const tail = afterAttributionAdjuncts(ctx, np.end, end);
      if (!(tail >= end || /^[.!?]$/.test(toks[tail]!.text) || toks[tail]!.text === ',')) return null;
      const content = trimContent(text, { start: sentenceContentStart(ctx, first, toks[hit.first - 1]!.start), end: toks[hit.first - 1]!.start });
      if (wordsIn(ctx, content) < 3 || ctx.claimed[ctx.tokenFrom(content.start)]) return null;
      return { ...base, source: np.span, sourceHow: 'inverted', content: [content], kind: hasMark(text.slice(content.start, content.end)) ? 'mixed' : 'indirect', quotations: [], reason: 'content before an inverted attribution' };
    })();
    if (inverted) return inverted;
    subject = sentenceOpeningSubject(ctx, hit, first);
    if (!subject) return null;
    loose = true;
  }

  // Lead: a quotation right after the cue ("X said: “A”", "X told reporters, “A”").
  const argsEnd = afterCueArguments(ctx, hit, end);
  const argsPos = argsEnd < toks.length ? toks[argsEnd]!.start : text.length;
  const speechLike = hit.cls === 'speech' || hit.cls === 'cognition' || hit.cls === 'stance';
  let qAfter = speechLike ? quotationStartingAfter(ctx, argsEnd < end ? argsPos : sentence.end, sentence.end + 3) : -1;
  // "Sanders asks at Western High School, “…”": a place or time phrase between the cue and the quotation
  // (or several, each after a comma: "announced on her page, in capital letters, “…”").
  if (qAfter < 0 && speechLike && argsEnd < end && PREPOSITIONS.has(ctx.low[argsEnd]!)) {
    for (let k = argsEnd + 1; k < end && k < argsEnd + MAX_SUBJECT_TOKENS; k++) {
      const t = toks[k]!.text;
      if (ctx.quotationOf[k]! >= 0 || /^[.;!?]$/.test(t) || isFinite(ctx, k)) break;
      if (t === ',' || t === ':') {
        qAfter = quotationStartingAfter(ctx, toks[k]!.end, toks[k]!.end + 3);
        if (qAfter >= 0 || t === ':' || !PREPOSITIONS.has(ctx.low[k + 1] ?? '')) break;
      }
    }
  }
  // 'Lau said in a statement. “There are no ballots to recount.”': an attribution that closes its sentence
  // with nothing reported introduces the quotation right after it.
  let closed = false;
  if (qAfter < 0 && hit.cls === 'speech') {
    const rest = afterAttributionAdjuncts(ctx, argsEnd, end);
    if (rest >= end || (rest === end - 1 && toks[rest]!.text === '.')) {
      qAfter = quotationStartingAfter(ctx, sentence.end, sentence.end + 3);
      closed = qAfter >= 0 && ctx.quotations[qAfter]!.paragraph === paragraph && !hasOwnTail(ctx, qAfter);
      if (!closed) qAfter = -1;
    }
  }
  if (qAfter >= 0 && (argsEnd >= end || closed || /^[\s]*[,:—–-]/u.test(text.slice(argsPos - 1 < cue.end ? cue.end : toks[argsEnd - 1]!.end, ctx.quotations[qAfter]!.start)) || /[,:]\s*$/u.test(text.slice(cue.end, ctx.quotations[qAfter]!.start)))) {
    const quotes = chainForward(ctx, qAfter);
    return { ...base, source: subject.span, sourceHow: subject.how, antecedent: subject.antecedent, content: quotes.map((q) => ctx.quotations[q]!.inner), kind: 'direct', quotations: quotes, reason: 'attribution before the quotation' };
  }
  // The cue's sentence ends its paragraph with a colon; the quotation opens the next paragraph.
  if (speechLike && sentence.end === ctx.paragraphs[paragraph]!.end && endsWithColon(text, sentence.start, sentence.end)) {
    const nextPara = ctx.paragraphs[paragraph + 1];
    if (nextPara) {
      const q = quotationStartingAfter(ctx, nextPara.start, nextPara.start);
      if (q >= 0 && !laterCueInSentence(ctx, hit.end, end)) {
        const quotes = chainForward(ctx, q);
        return { ...base, source: subject.span, sourceHow: subject.how, antecedent: subject.antecedent, content: quotes.map((x) => ctx.quotations[x]!.inner), kind: 'direct', quotations: quotes, reason: 'attribution before the quotation (colon)' };
      }
    }
  }

  // Inverted indirect with a subject: "CONTENT, X said [adjuncts]." / "CONTENT, X said, CONTENT."
  const subjectFirst = subject.first;
  if (subject.how !== 'main-clause' && toks[subjectFirst - 1]?.text === ',' && subjectFirst - 1 > first) {
    const tail = afterAttributionAdjuncts(ctx, argsEnd, end);
    const atEnd = tail >= end || /^[.!?]$/.test(toks[tail]!.text);
    const commaStart = toks[subjectFirst - 1]!.start;
    const lead = trimContent(text, { start: sentenceContentStart(ctx, first, commaStart), end: commaStart });
    // "…, Hollande said Tuesday, noting that …": a participle after the attribution is a frame of its own.
    const participleNext = !atEnd && toks[tail]!.text === ',' && CUE_FORMS.get(ctx.low[tail + 1] ?? '')?.form === 'ing' && ctx.syntax.pos(tail + 1) === 'VBG';
    // "Cost overruns, she added, were “…”": a parenthetical attribution splits one clause, whose subject
    // before it may be a single word; an attribution that ends the clause needs a longer one.
    const rest = !atEnd && !participleNext && toks[tail]!.text === ',' ? trimContent(text, { start: toks[tail]!.end, end: sentence.end }) : null;
    const split = rest !== null && wordsIn(ctx, rest) >= 2;
    if ((atEnd || toks[tail]!.text === ',') && wordsIn(ctx, lead) >= (split ? 1 : 3) && !ctx.claimed[ctx.tokenFrom(lead.start)]) {
      const pieces = [lead];
      if (split) pieces.push(rest);
      const all = text.slice(pieces[0]!.start, pieces.at(-1)!.end);
      return { ...base, source: subject.span, sourceHow: subject.how, antecedent: subject.antecedent, content: pieces, kind: hasMark(all) ? 'mixed' : 'indirect', quotations: [], reason: atEnd || participleNext ? 'content before its attribution' : 'parenthetical attribution' };
    }
  }

  // "As the paper noted in an editorial, the bridge “…”": an attribution in a clause opened by "as" at the
  // sentence's start attributes the main clause after its comma.
  if (subject.how !== 'main-clause' && ctx.low[subjectFirst - 1] === 'as' && hit.cls === 'speech') {
    let lead = first;
    while (lead < subjectFirst - 1 && (ATTRIBUTION.clauseWords.has(ctx.low[lead]!) || ctx.toks[lead]!.text === ',')) lead++;
    const tail = afterAttributionAdjuncts(ctx, argsEnd, end);
    if (lead === subjectFirst - 1 && tail + 1 < end && toks[tail]!.text === ',' && ctx.quotationOf[tail]! < 0) {
      const content = trimContent(text, { start: toks[tail + 1]!.start, end: complementEnd(ctx, tail + 1, end, paragraph) });
      const inside = quotationsIn(ctx, tail + 1, content.end);
      if (wordsIn(ctx, content) >= 3 && !inside.some((q) => ctx.claimedQuotation[q])) {
        return { ...base, source: subject.span, sourceHow: subject.how, antecedent: subject.antecedent, content: [content], kind: kindOfBody(text.slice(content.start, content.end)), quotations: inside, reason: 'attribution in an as-clause' };
      }
    }
    // "…, the race “is a dead heat,” as Cruz said on Monday.": after a comma and closing the sentence, it
    // attributes what came before.
    const c = subjectFirst - 2;
    const comma = c > first && (toks[c]!.text === ',' || (closeMarkAt(ctx, c) && toks[c - 1]?.text === ','));
    if (comma && (tail >= end || /^[.!?,]$/.test(toks[tail]!.text))) {
      const commaStart = toks[toks[c]!.text === ',' ? c : c - 1]!.start;
      const content = trimContent(text, { start: sentenceContentStart(ctx, first, commaStart), end: toks[c]!.end });
      const inside = quotationsIn(ctx, ctx.tokenFrom(content.start), content.end);
      if (wordsIn(ctx, content) >= 3 && !inside.some((q) => ctx.claimedQuotation[q])) {
        return { ...base, source: subject.span, sourceHow: subject.how, antecedent: subject.antecedent, content: [content], kind: kindOfBody(text.slice(content.start, content.end)), quotations: inside, reason: 'attribution in an as-clause' };
      }
    }
  }

  // Complement: the rest of the sentence ("X said (that) …", "X wants to …", "X criticized …").
  if (argsEnd >= end) return null;
  // '“A,” Texas delegate Bill Eastland, wearing a “Ted Cruz” pin, said matter-of-factly as …': a sentence that
  // opens with a quotation closed on a comma is that quotation's tail attribution, whose source the rules above
  // did not read; what follows the verb is no reported clause. The loose tail rule reads it.
  if (hit.cls === 'speech' && (hit.form === 'ed' || hit.form === 's') && opensWithCommaQuotation(ctx, first, hit.first)) return null;
  const finiteWithObject = ATTRIBUTION.objectWhenFinite.has(hit.lemma) && (ctx.syntax.pos(hit.first) === 'VBD' || ctx.syntax.pos(hit.first) === 'VBZ');
  // 'chanted “Lock the gates!”', 'writing “Thanks to all of you.”': a quotation right after the verb is
  // what was said, after phrases of place and time too (a title in marks, 'wrote “The Long Road”', is not).
  // Chants and slogans ('chanting “Dump the Plan”') may be shaped like titles.
  const slogan = hit.lemma === 'chant' || hit.lemma === 'echo' || hit.lemma === 'repeat' || hit.lemma === 'mouth';
  const qNext = argsEnd < end ? ctx.quotationOf[argsEnd]! : -1;
  const quotedNext = qNext >= 0 && ctx.quotations[qNext]!.start === toks[argsEnd]!.start && !ctx.claimedQuotation[qNext] && !ctx.title[qNext] && (slogan || !titleShaped(text, ctx.quotations[qNext]!));
  if (ATTRIBUTION.speechOnlyAfterPunctuation.has(hit.lemma) && !finiteWithObject && !quotedNext && !CLAUSE_OPENERS.has(ctx.low[argsEnd]!) && !/^[\s]*[,:]/u.test(text.slice(cue.end, toks[argsEnd]!.start)) && !finiteClauseAt(ctx, argsEnd, end) && !(ctx.syntax.pos(hit.first).startsWith('VB') && quotedObject(ctx, argsEnd, end, paragraph))) return null;
  // "signaled in its advocacy": a prepositional phrase is not what was said.
  if (PREPOSITIONS.has(ctx.low[argsEnd]!) && ctx.low[argsEnd] !== 'to' && ctx.low[argsEnd] !== 'about' && !namingCue(hit)) return null;
  // "did not respond to a request for comment", "replied to the letter": what is answered, not what was said.
  if ((hit.lemma === 'respond' || hit.lemma === 'reply') && ctx.low[argsEnd] === 'to') return null;
  // 'If the council agrees, Hale said, “…”': after a comma, a clause with an attribution of its own is not this
  // cue's content (that attribution takes the words around it).
  if (toks[argsEnd]!.text === ',' && newAttributionAt(ctx, argsEnd, end)) return null;
  const contentEnd = complementEnd(ctx, argsEnd, end, paragraph);
  const content = trimContent(text, { start: toks[argsEnd]!.start, end: contentEnd });
  const minWords = hit.cls === 'stance' || hit.cls === 'intention' ? 1 : 2;
  if (wordsIn(ctx, content) < minWords) return null;
  const contentText = text.slice(content.start, content.end);
  // Quotations inside the content belong to this frame.
  const inside = quotationsIn(ctx, ctx.tokenFrom(content.start), content.end);
  // 'by saying “Too many.”': a reported clause that is one quotation, whole and opening like a sentence,
  // is a direct quote (a fragment in lower case, 'said «the money is there»', stays a partial quote).
  const only = inside.length === 1 ? ctx.quotations[inside[0]!]! : null;
  if (only && only.start === content.start && only.end >= content.end && !only.open && CAP.test(text.slice(only.inner.start, only.inner.end))) {
    return { ...base, source: subject.span, sourceHow: subject.how, antecedent: subject.antecedent, content: [only.inner], kind: 'direct', quotations: inside, reason: 'cue with a reported clause' };
  }
  // 'X said on ABC’s “This Week” that …': a clause whose only quotations are titles of works quotes no one's words.
  const titlesOnly = inside.length > 0 && inside.every((q) => ctx.title[q]);
  // A subject read from the sentence's opening words alone attributes only a clause that quotes someone.
  if (loose && (!hasMark(contentText) || titlesOnly)) return null;
  return { ...base, source: subject.span, sourceHow: subject.how, antecedent: subject.antecedent, content: [content], kind: hasMark(contentText) && !titlesOnly ? 'mixed' : 'indirect', quotations: inside, reason: 'cue with a reported clause' };
}

/** The sentence [first, …) opens with a quotation of its own, closed on a comma before token `before`, that nothing has taken. */
function opensWithCommaQuotation(ctx: Context, first: number, before: number): boolean {
  const q = ctx.quotationOf[first]!;
  if (q < 0 || ctx.claimedQuotation[q] || ctx.title[q]) return false;
  const quotation = ctx.quotations[q]!;
  return !quotation.open && quotation.start === ctx.toks[first]!.start && ctx.tokenFrom(quotation.end) < before && /,[\s"”»']*$/u.test(ctx.text.slice(quotation.inner.start, quotation.end));
}

/** Most tokens of a sentence-opening subject read without the chunks. */
const MAX_OPENING_SUBJECT_TOKENS = 8;

/**
 * 'Small, who attended the rally, said that “…”', 'Ted Cruz, when asked what is wrong, responded that “…”':
 * when the chunks give no subject (a tag gone wrong: "Small" as an adjective, "Hoover" as a preposition,
 * or a clause with a verb of its own between the subject and the cue), a finite cue whose sentence opens
 * with a capitalised word takes the words up to the first comma (or up to the cue) as its subject.
 */
function sentenceOpeningSubject(ctx: Context, hit: CueHit, first: number): SourceHit | null {
  if (hit.first <= first || (hit.form !== 'ed' && hit.form !== 's')) return null;
  if (PASSIVE_AUX.has(ctx.low[hit.first - 1]!) || ctx.low[hit.first - 1] === 'to') return null;
  const { toks } = ctx;
  if (!CAP.test(toks[first]!.text) || ATTRIBUTION.clauseWords.has(ctx.low[first]!) || SUBORDINATORS.has(ctx.low[first]!) || ATTRIBUTION.pronounSubjects.has(ctx.low[first]!)) return null;
  let e = first;
  while (e < hit.first && toks[e]!.text !== ',') {
    // 'Informed of the plan, Early described it as …': a participle opens an adjunct, not a name.
    if ((!npToken(ctx, e) && toks[e]!.text !== '.') || ctx.syntax.pos(e).startsWith('VB')) return null;
    e++;
  }
  if (e === first || e - first > MAX_OPENING_SUBJECT_TOKENS) return null;
  return { span: { start: toks[first]!.start, end: toks[e - 1]!.end }, how: 'subject', first };
}

/**
 * Where a reported clause starting at token `argsEnd` ends: the sentence's end,
 * or earlier where a coordinated cue, a participle cue, a dash or a clause
 * with an attribution of its own begins.
 */
function complementEnd(ctx: Context, argsEnd: number, end: number, paragraph: number): number {
  const { text, toks } = ctx;
  const sentence = ctx.sentences[ctx.sentenceOf[Math.min(argsEnd, end - 1)]!]!;
  let contentEnd = sentence.end;
  // A quotation that runs past the sentence end (the splitter cut inside it) is kept whole.
  const lastTok = end - 1;
  const q = ctx.quotationOf[lastTok]!;
  if (q >= 0 && ctx.quotations[q]!.end > contentEnd && ctx.quotations[q]!.paragraph === paragraph) contentEnd = ctx.quotations[q]!.end;
  const fronted = inFrontedSubordinate(ctx, argsEnd);
  // A coordinated cue ("… and said …") starts a frame of its own: the content stops before it.
  for (let k = argsEnd + 1; k < end - 1; k++) {
    // A comma outside quotations, or one inside a closing mark ('… “an orange buffoon,” Susan said'):
    // the content stops before it, or after the mark.
    const plainComma = ctx.toks[k]!.text === ',' && ctx.quotationOf[k]! < 0;
    const markComma = !plainComma && closeMarkAt(ctx, k) && ctx.toks[k - 1]?.text === ',' && ctx.quotationOf[k]! >= 0 && ctx.quotationOf[k + 1]! < 0;
    // "lamenting the paperwork: “…”": a colon before a quotation hands the quotation on (to its own
    // attribution, or to this frame as a direct quote).
    if (ctx.toks[k]!.text === ':' && ctx.quotationOf[k]! < 0 && ctx.quotationOf[k + 1]! >= 0 && ctx.quotations[ctx.quotationOf[k + 1]!]!.start === ctx.toks[k + 1]!.start) { contentEnd = toks[k]!.start; break; }
    // "… as “Mr. Hale,” while Hale refers to her as “Lena.”": a contrasting clause with a cue of its own.
    if ((ctx.low[k] === 'while' || ctx.low[k] === 'whereas') && ctx.quotationOf[k]! < 0 && (attributionClauseAt(ctx, k, end) || speechVerbAhead(ctx, k + 1, end))) { contentEnd = toks[k]!.start; break; }
    // "…, Hale shot back, “…”", "… and the council will accuse …": a new subject with its own attribution.
    const newStart = newAttributionBoundary(ctx, k, end);
    if (newStart >= 0) { contentEnd = newStart; break; }
    if (quotedPredicateEnds(ctx, argsEnd, k, end)) { contentEnd = ctx.quotationOf[k]! >= 0 ? toks[k]!.end : toks[k]!.start; break; }
    if (!plainComma && !markComma && ctx.toks[k]!.text !== '—' && ctx.toks[k]!.text !== '--' && ctx.low[k] !== 'and' && ctx.low[k] !== 'but' && ctx.syntax.pos(k) !== 'VBG') continue;
    const stop = plainComma ? toks[k]!.start : toks[k]!.end;
    // "While Hale condemned the plan, the unions say …": a clause opened by a subordinator ends at the comma
    // before the main clause, which is no part of what was reported.
    if (fronted && (plainComma || markComma) && k > argsEnd && mainClauseAt(ctx, k + 1, end)) { contentEnd = stop; break; }
    if ((plainComma || markComma) && (CUE_FORMS.get(ctx.low[k + 1]!)?.form === 'ing' || tailAttributionAt(ctx, k + 1, end))) { contentEnd = stop; break; }
    // "Petrilli, who thinks X, called …" / "He suggested X, called her “Y” and …": a comma before a finite verb ends the clause.
    if (plainComma && k > argsEnd) {
      const v = k + 1 + (ctx.syntax.pos(k + 1) === 'RB' ? 1 : 0);
      if (v < end && (ctx.syntax.pos(v) === 'VBD' || ctx.syntax.pos(v) === 'VBZ') && ctx.quotationOf[v]! < 0) { contentEnd = toks[k]!.start; break; }
    }
    // "…, he did say …": a clause with an attribution of its own starts after the comma.
    if ((plainComma || markComma) && attributionClauseAt(ctx, k + 1, end)) { contentEnd = stop; break; }
    // '… was "corrupt," noting that …': the comma is inside the closing mark.
    if (ctx.quotationOf[k]! < 0 && CUE_FORMS.get(ctx.low[k]!)?.form === 'ing' && ctx.syntax.pos(k) === 'VBG' && /,\s*["”]?\s*$/u.test(text.slice(toks[Math.max(0, k - 2)]!.start, toks[k]!.start)) && k - 1 > argsEnd) { contentEnd = toks[k - 1]!.end; break; }
    // "… by the plan — a modest boost …": a dash outside quotations closes the reported clause.
    if ((ctx.toks[k]!.text === '—' || ctx.toks[k]!.text === '--') && ctx.quotationOf[k]! < 0) { contentEnd = toks[k]!.start; break; }
    if ((ctx.low[k] === 'and' || ctx.low[k] === 'but') && ctx.quotationOf[k]! < 0) {
      const v = k + 1 + (ATTRIBUTION.adverbs.has(ctx.low[k + 1]!) ? 1 : 0);
      const f = CUE_FORMS.get(ctx.low[v] ?? '');
      if (f && f.form !== 'base' && !ATTRIBUTION.ambiguousNouns.has(ctx.low[v]!)) { contentEnd = toks[k]!.start; break; }
    }
  }
  return contentEnd;
}

/** Subordinators whose clause, put before the main clause, holds a cue and its reported words ("as" has rules of its own). */
const FRONTED_SUBORDINATORS = new Set(['when', 'after', 'because', 'if', 'while', 'although', 'though', 'since', 'before', 'once', 'unless']);
/** Conjunctions that may open a sentence before its subordinate clause ("But while …"). */
const LEADING_CONJUNCTIONS = new Set(['but', 'and', 'yet', 'so']);

/**
 * Does token k lie in a clause opened by a subordinator at the start of its sentence ("While Hale condemned
 * …", "But after the mayor said …"), with no comma outside quotations closing that clause before k?
 */
function inFrontedSubordinate(ctx: Context, k: number): boolean {
  const si = ctx.sentenceOf[Math.min(k, ctx.toks.length - 1)]!;
  let i = ctx.sentenceFirst[si]!;
  while (i < k && (LEADING_CONJUNCTIONS.has(ctx.low[i]!) || !ctx.isWord(i))) i++;
  if (i >= k || !FRONTED_SUBORDINATORS.has(ctx.low[i]!)) return false;
  for (let j = i + 1; j < k; j++) if (ctx.toks[j]!.text === ',' && ctx.quotationOf[j]! < 0) return false;
  return true;
}

/** Most words of a subject before the finite verb of a main clause, in `mainClauseAt`. */
const MAX_MAIN_SUBJECT = 8;

/**
 * Does a main clause start at token i: a short subject (no coordination, no quotation, no comma) and then a
 * finite verb ("the unions say", "actress America Ferrera wrote", "the groups who wrote to her say")?
 */
function mainClauseAt(ctx: Context, i: number, end: number): boolean {
  for (let j = i; j < end && j <= i + MAX_MAIN_SUBJECT; j++) {
    const tag = ctx.syntax.pos(j);
    if (FINITE_TAGS.has(tag)) return j > i;
    if (tag.startsWith('VB') || tag === 'CC' || !ctx.isWord(j) || ctx.quotationOf[j]! >= 0) return false;
  }
  return false;
}

/** Tokens after a contrastive "while" in which `speechVerbAhead` looks for the verb of its clause. */
const MAX_WHILE_CLAUSE_TOKENS = 15;

/**
 * Is there a finite verb of speaking within a few tokens from i, before any quotation ("…, while Hungary's
 * prime minister, Viktor Orban, said …"): the clause has an attribution of its own, whatever stands
 * between its subject and its verb.
 */
function speechVerbAhead(ctx: Context, i: number, end: number): boolean {
  for (let k = i; k < end && k < i + MAX_WHILE_CLAUSE_TOKENS; k++) {
    if (ctx.quotationOf[k]! >= 0) return false;
    if (CUE_FORMS.get(ctx.low[k]!)?.cls === 'speech' && FINITE_TAGS.has(ctx.syntax.pos(k))) return true;
  }
  return false;
}

/**
 * 'noted her work on jobs from “Buffalo to Albany”', 'promised on Sunday to end the “wasteful” scheme': the
 * object of a cue that reports speech only after punctuation or a clause holds a quotation that is no title:
 * the object quotes the speaker (a mixed quote).
 */
function quotedObject(ctx: Context, argsEnd: number, end: number, paragraph: number): boolean {
  const stop = complementEnd(ctx, argsEnd, end, paragraph);
  for (let k = argsEnd; k < end && ctx.toks[k]!.start < stop; k++) {
    const q = ctx.quotationOf[k]!;
    if (q >= 0 && !ctx.title[q] && !ctx.claimedQuotation[q] && !titleShaped(ctx.text, ctx.quotations[q]!)) return true;
    // 'A clerk who asked not to be named said the files were “…”': a later finite cue owns the quotation.
    if (q < 0 && CUE_FORMS.has(ctx.low[k]!) && FINITE_TAGS.has(ctx.syntax.pos(k))) return false;
  }
  return false;
}

/** Words after which a participle opens a clause of its own ("… “a clown” before taking questions"). */
const PARTICIPLE_LEADS = new Set([',', 'and', 'but', 'before', 'after', 'while', 'when']);
/** Tags of a verb heading a second predicate after "and"/"but" (the tagger reads "and cast" as a participle). */
const FINITE_OR_PARTICIPLE = new Set(['VBD', 'VBZ', 'VBP', 'VBN']);

/**
 * 'called the plan “a mess” and ranked it …', 'praised her as “a fighter,” linking to …': once the object of
 * the cue holds a closed quotation, a second predicate of the same subject (a finite verb after "and"/"but",
 * or a participle after a comma, "and" or a subordinator) is not part of what was quoted — news annotation
 * takes it as a claim of its own. Only after a quotation: in plain reported speech the same words often go on
 * inside the reported clause ("said she left early and went home").
 */
function quotedPredicateEnds(ctx: Context, argsEnd: number, k: number, end: number): boolean {
  // '… the “ultimate hypocrite,” linking …': the comma inside the closing mark.
  const markComma = closeMarkAt(ctx, k) && ctx.toks[k - 1]?.text === ',' && ctx.quotationOf[k]! >= 0 && ctx.quotationOf[k + 1]! < 0;
  if (!markComma && (ctx.quotationOf[k]! >= 0 || !PARTICIPLE_LEADS.has(ctx.low[k]!))) return false;
  let closed = markComma;
  for (let j = argsEnd; j < k; j++) {
    const q = ctx.quotationOf[j]!;
    if (q >= 0 && !ctx.quotations[q]!.open && ctx.quotations[q]!.end <= ctx.toks[k]!.start) { closed = true; break; }
  }
  if (!closed) return false;
  let v = k + 1;
  while (v < end && (ATTRIBUTION.adverbs.has(ctx.low[v]!) || ctx.syntax.pos(v) === 'RB')) v++;
  if (v >= end || ctx.quotationOf[v]! >= 0) return false;
  const tag = ctx.syntax.pos(v);
  if (tag === 'VBG') return true;
  return (ctx.low[k] === 'and' || ctx.low[k] === 'but') && FINITE_OR_PARTICIPLE.has(tag);
}

/** Possessive words that name the owner of a claim, a call or a promise. */
const POSSESSIVES = new Set(['his', 'her', 'their', 'its']);
/** Words that may open what a noun cue reports ("her claim that …", "his call for …", "their chants of …"). */
const NOUN_CUE_LINKS = new Set(['that', 'of', 'for', 'to', 'about', 'on']);
/** Most modifiers between an owner and a noun cue ("Trump's recent evidence-free assertion"). */
const MAX_NOUN_CUE_MODIFIERS = 5;

/** Copulas that hand a noun cue its content ("her slogan is “…”"). */
const COPULAS = new Set(['is', 'was']);

/**
 * The quotations a chant noun quotes ("chants of “Four more years!”", "cries of “Shame!” and “Out!”"): a
 * chant noun (data/lexicon/attribution.json, chantNouns), "of", then quotations joined by commas, "and" or
 * "or"; null when no unclaimed quotation opens right after "of".
 */
function chantOf(ctx: Context, i: number, end: number): number[] | null {
  if (!ATTRIBUTION.chantNouns.has(ctx.low[i]!) || ctx.low[i + 1] !== 'of') return null;
  const out: number[] = [];
  let k = i + 2;
  while (k < end) {
    const q = ctx.quotationOf[k]!;
    if (q < 0 || ctx.claimedQuotation[q] || ctx.quotations[q]!.start !== ctx.toks[k]!.start || ctx.quotations[q]!.open) break;
    out.push(q);
    k = ctx.tokenFrom(ctx.quotations[q]!.end);
    if (ctx.toks[k]?.text === ',') k++;
    if (ctx.low[k] === 'and' || ctx.low[k] === 'or') k++;
  }
  return out.length > 0 ? out : null;
}

/**
 * A noun that reports speech, owned by someone ("her claim that she “never sent” …", "Trump's call for
 * “a total ban”", "their chants of “Ted! Ted!”"): the owner is the source and what follows the noun is
 * the content. Only taken when the content quotes (a mixed or direct quote): owned nouns without a
 * quotation are too often plain descriptions. Nouns of copularNounCues take their content after "is"/"was"
 * ("her slogan is “…”"); a chant noun quotes what follows "of" even with no owner ("loud chants of “…”"),
 * then the frame has no source.
 */
function nounFrame(ctx: Context, i: number, first: number, end: number): Frame | null {
  const w = ctx.low[i]!;
  // The word lists first: reading the tag tags the whole sentence, and most sentences hold no noun cue.
  if (!ATTRIBUTION.copularNounCues.has(w) && !ATTRIBUTION.chantNouns.has(w) && !ATTRIBUTION.nounCues.has(w)) return null;
  if (!ctx.syntax.pos(i).startsWith('NN')) return null;
  // "her slogan is “…”", "his answer was that “…”": the owner's words after a copula.
  const copula = ATTRIBUTION.copularNounCues.has(w) && COPULAS.has(ctx.low[i + 1] ?? '');
  const chant = chantOf(ctx, i, end);
  if (!copula && !chant && (!ATTRIBUTION.nounCues.has(w) || !NOUN_CUE_LINKS.has(ctx.low[i + 1] ?? ''))) return null;
  // The owner: a possessive word or "X's", over adjectives and hyphenated modifiers.
  let j = i - 1;
  for (let guard = 0; j >= first && guard < MAX_NOUN_CUE_MODIFIERS && /^(?:JJ|JJR|JJS|RB|VBN|NN|HYPH)$/u.test(ctx.syntax.pos(j)) && ctx.quotationOf[j]! < 0 && !POSSESSIVES.has(ctx.low[j]!); guard++) j--;
  let source: Span | null = null;
  let how: Frame['sourceHow'] = 'subject';
  // No owner when the noun opens the sentence ("Chants of “…” rose").
  const owner = j >= first ? ctx.low[j]! : '';
  if (POSSESSIVES.has(owner)) { source = { start: ctx.toks[j]!.start, end: ctx.toks[j]!.end }; how = 'pronoun'; }
  else if (owner === "'s" && j - 1 >= first) {
    const s = npChunkEndingAt(ctx, j - 1, first);
    if (s >= 0) source = { start: ctx.toks[s]!.start, end: ctx.toks[j]!.end };
  }
  if (!source && chant) {
    // "loud chants of “…”" with no owner: the crowd goes unnamed here.
    const cue = { start: ctx.toks[i]!.start, end: ctx.toks[i]!.end };
    return { cue, cls: 'speech', lemma: w, source: null, sourceHow: 'none', content: chant.map((q) => ctx.quotations[q]!.inner), kind: 'direct', quotations: chant, reason: 'chant noun' };
  }
  if (!source) return null;
  const from = copula ? i + 2 : ctx.low[i + 1] === 'that' ? i + 1 : i + 2;
  if (from >= end || ctx.quotationOf[from]! >= 0 && ctx.claimedQuotation[ctx.quotationOf[from]!]) return null;
  const paragraph = ctx.sentences[ctx.sentenceOf[i]!]!.paragraph;
  const content = trimContent(ctx.text, { start: ctx.toks[from]!.start, end: complementEnd(ctx, from, end, paragraph) });
  const body = ctx.text.slice(content.start, content.end);
  if (!hasMark(body) || wordsIn(ctx, content) < 1) return null;
  const inside = quotationsIn(ctx, ctx.tokenFrom(content.start), content.end);
  if (inside.some((q) => ctx.claimedQuotation[q])) return null;
  const cue = { start: ctx.toks[i]!.start, end: ctx.toks[i]!.end };
  return { cue, cls: 'speech', lemma: w, source, sourceHow: how, content: [content], kind: /^["“«„]/u.test(body) ? 'direct' : 'mixed', quotations: inside, reason: 'noun cue with its owner' };
}

/**
 * A hedge ("Both objections seemed to carry little weight", "he appears
 * somewhat uneasy"): the writer's judgement, attributed to no one named.
 * The content is the subject and what follows the verb.
 */
function hedgeFrame(ctx: Context, i: number, first: number, end: number): Frame | null {
  const lemma = HEDGE_FORMS.get(ctx.low[i]!);
  if (!lemma || !ctx.syntax.pos(i).startsWith('VB')) return null;
  const next = i + 1 + (ATTRIBUTION.adverbs.has(ctx.low[i + 1] ?? '') ? 1 : 0);
  const nextTag = ctx.syntax.pos(next);
  // "appeared on television" is not a hedge; "appeared to", "seems unlikely", "seems that" are.
  if (!(ctx.low[next] === 'to' || ctx.low[next] === 'that' || ctx.low[next] === 'like' || nextTag === 'JJ' || nextTag === 'RB' && ctx.syntax.pos(next + 1) === 'JJ')) return null;
  const subject = clauseSubject(ctx, i, first);
  const paragraph = ctx.sentences[ctx.sentenceOf[i]!]!.paragraph;
  const cue = { start: ctx.toks[i]!.start, end: ctx.toks[i]!.end };
  return sourcelessFrame(ctx, { cue, cls: 'evidence', lemma }, subject && !['it', 'there', 'this', 'that'].includes(ctx.low[subject.first]!) ? subject : null, i + 1, end, paragraph, 'hedge');
}

/** A frame with no source: the subject (if any) and the clause after the cue are the content. */
function sourcelessFrame(ctx: Context, base: Pick<Frame, 'cue' | 'cls' | 'lemma'>, subject: SourceHit | null, from: number, end: number, paragraph: number, reason: string): Frame | null {
  if (from >= end || ctx.quotationOf[from]! >= 0) return null;
  const contentEnd = complementEnd(ctx, from, end, paragraph);
  const rest = trimContent(ctx.text, { start: ctx.toks[from]!.start, end: contentEnd });
  if (wordsIn(ctx, rest) < 1) return null;
  const content = subject && subject.how !== 'relative' && subject.span.end <= base.cue.start ? [subject.span, rest] : [rest];
  const inside = quotationsIn(ctx, from, rest.end);
  if (inside.some((q) => ctx.claimedQuotation[q])) return null;
  const all = content.map((c) => ctx.text.slice(c.start, c.end)).join(' ');
  return { ...base, source: null, sourceHow: 'none', content, kind: hasMark(all) ? 'mixed' : 'indirect', quotations: inside, reason };
}

/** Is the cue followed by a source noun phrase that ends its sentence (", says X[, apposition].")? */
function invertedAt(ctx: Context, hit: CueHit, end: number): boolean {
  const np = npStartingAt(ctx, afterAdjuncts(ctx, hit.end, end), end);
  if (!np || !CAP.test(ctx.toks[ctx.tokenFrom(np.span.start)]!.text) && !STOP_DETERMINERS.has(ctx.low[ctx.tokenFrom(np.span.start)]!)) return false;
  if (holdsFiniteVerb(ctx, ctx.tokenFrom(np.span.start), np.end)) return false;
  const tail = afterAttributionAdjuncts(ctx, np.end, end);
  if (tail >= end || /^[.!?]$/.test(ctx.toks[tail]!.text)) return true;
  if (ctx.toks[tail]!.text !== ',') return false;
  // An apposition running to the sentence's end (a short one: a longer stretch is a clause of its own).
  if (end - tail > MAX_APPOSITION_TOKENS) return false;
  for (let k = tail + 1; k < end; k++) {
    if (ctx.quotationOf[k]! >= 0 || CUE_FORMS.has(ctx.low[k]!)) return false;
  }
  return true;
}

/**
 * Whether tokens [from, to) hold a finite verb in lower case: then they are a clause ("said the council
 * ignored them"), not the noun phrase of an inverted source ("said the council's chairman").
 */
function holdsFiniteVerb(ctx: Context, from: number, to: number): boolean {
  for (let k = from + 1; k < to; k++) if (isFinite(ctx, k) && /^\p{Ll}/u.test(ctx.toks[k]!.text)) return true;
  return false;
}

/** Does a clause with a subject and a finite verb start at token i ("reported [that] six planes filled the sky")? */
function finiteClauseAt(ctx: Context, i: number, end: number): boolean {
  if (chunkType(ctx, i) !== 'NP' || ctx.quotationOf[i]! >= 0) return false;
  for (let k = i + 1; k < end && k < i + MAX_SUBJECT_TOKENS; k++) {
    const t = ctx.toks[k]!.text;
    if (t === ',' || t === ';' || t === ':' || ctx.quotationOf[k]! >= 0) return false;
    if (isFinite(ctx, k)) return clauseSubject(ctx, k, i)?.first === i;
  }
  return false;
}

/** Does a clause start at token i whose verb is a cue ("he did say", "Clinton told reporters")? */
function attributionClauseAt(ctx: Context, i: number, end: number): boolean {
  if (CLAUSE_JOINERS.has(ctx.low[i] ?? '') || ctx.low[i] === 'with') i++; // ", but he did say …", ", with McCain calling it …"
  // ", which the inquiry said was …": a relative word, then the clause's own subject.
  const relative = RELATIVE_TAGS.has(ctx.syntax.pos(i)) && ATTRIBUTION.clauseWords.has(ctx.low[i] ?? '');
  for (let c = i + 1; c < end && c < i + MAX_NP_TOKENS; c++) {
    if (ctx.quotationOf[c]! >= 0 || ctx.toks[c]!.text === ',') return false;
    const tag = ctx.syntax.pos(c);
    if (!tag.startsWith('VB') && tag !== 'MD') continue;
    // "did say", "has publicly vowed": auxiliaries (and the adverbs, skipped above) come before the cue.
    if (ATTRIBUTION.auxiliaries.has(ctx.low[c]!) || tag === 'MD') continue;
    const hit = cueAt(ctx, c);
    if (!hit || nominalCue(ctx, hit)) return false;
    // A relative word's antecedent lies before it: let the subject search reach it.
    const s = clauseSubject(ctx, c, relative ? Math.max(0, i - MAX_SUBJECT_TOKENS) : i);
    return s !== null && (s.first === i || (relative && s.first === i + 1));
  }
  return false;
}

/** Most tokens between a verb and the colon that hands its clause a quotation ("gave the Texan a back-handed compliment: “…”"). */
const MAX_VERB_TO_COLON = 10;

/**
 * Does a new attribution start at token i, right after a boundary inside a reported clause (a comma,
 * "and"/"but", a spaced dash)? A clause of its own opens there, after a joiner ("and", "although",
 * "to which") and adjuncts of time or place: a subject, then a finite cue verb ("and the council will
 * accuse you of …", ", although she made it clear that …"), or a finite verb whose clause hands a
 * quotation over after a comma or a colon (", Hale shot back, “…”", ", but he gave a warning: “…”").
 * The reported clause ends at the boundary; the new attribution becomes a frame of its own.
 */
function newAttributionAt(ctx: Context, i: number, end: number): boolean {
  // '…,” said Ms. Vale, …': an inverted attribution, a cue and then a name.
  const inverted = cueAt(ctx, i);
  if (inverted && inverted.cls === 'speech' && (inverted.form === 'ed' || inverted.form === 's') && CAP.test(ctx.toks[inverted.end]?.text ?? '') && npStartingAt(ctx, inverted.end, end)) return true;
  if (CLAUSE_JOINERS.has(ctx.low[i] ?? '') || SUBORDINATORS.has(ctx.low[i] ?? '')) i++;
  // ", to which Hale replied: …", "in which she said …".
  if (PREPOSITIONS.has(ctx.low[i] ?? '') && ctx.low[i + 1] === 'which') i += 2;
  i = afterAttributionAdjuncts(ctx, i, end);
  if (ctx.toks[i]?.text === ',') i++;
  if (i >= end || chunkType(ctx, i) !== 'NP' || ctx.quotationOf[i]! >= 0 || RELATIVE_TAGS.has(ctx.syntax.pos(i))) return false;
  for (let c = i + 1; c < end && c < i + MAX_NP_TOKENS; c++) {
    // "Former Rep. Hale called it …": the period of a title's abbreviation is part of the subject.
    const abbreviation = ctx.toks[c]!.text === '.' && ABBREV.test(ctx.toks[c - 1]!.text);
    if (ctx.quotationOf[c]! >= 0 || (/^[,;:.!?—–-]$/u.test(ctx.toks[c]!.text) && !abbreviation)) return false;
    const tag = ctx.syntax.pos(c);
    if (!tag.startsWith('VB') && tag !== 'MD') continue;
    if (ATTRIBUTION.auxiliaries.has(ctx.low[c]!) || tag === 'MD' || contractedAuxiliary(ctx, c)) continue;
    // The verb must be finite, or follow an auxiliary ("will accuse", "has said").
    const aux = skipLeftAdverbsOnly(ctx, c - 1, i);
    if (!isFinite(ctx, c) && !(aux >= i && (ATTRIBUTION.auxiliaries.has(ctx.low[aux]!) || ctx.syntax.pos(aux) === 'MD'))) return false;
    // The subject opens the clause, or ends it ("a report by the group says").
    const subject = clauseSubject(ctx, c, i);
    if (!subject || subject.first < i || subject.how === 'relative') return false;
    const hit = cueAt(ctx, c);
    if (hit && !nominalCue(ctx, hit) && (hit.cls === 'speech' || hit.cls === 'stance')) return true;
    // A verb of any kind whose clause hands a quotation over: after particles and adverbs a comma or a
    // colon, or after an object a colon, then the opening mark.
    for (let k = c + 1; k < end && k <= c + MAX_VERB_TO_COLON; k++) {
      const t = ctx.toks[k]!.text;
      if (ctx.quotationOf[k]! >= 0 || /^[;.!?—–]$/u.test(t)) return false;
      const bare = k === c + 1 || /^(?:RP|RB)$/u.test(ctx.syntax.pos(k - 1)) && k <= c + 3;
      if (t === ':' || (t === ',' && bare)) return quotationStartingAfter(ctx, ctx.toks[k]!.end, ctx.toks[k]!.end + 3) >= 0;
      if (t === ',') return false;
    }
    return false;
  }
  return false;
}

/**
 * Where a reported clause stops when a new attribution starts right after token k (see
 * newAttributionAt): before a comma, semicolon, colon, spaced dash, "and" or "but" outside
 * quotations, or after a closing mark holding a comma ('… “a scandal,” said Vale'); else -1.
 */
function newAttributionBoundary(ctx: Context, k: number, end: number): number {
  const t = ctx.toks[k]!;
  if (ctx.quotationOf[k]! < 0) {
    if ((t.text === ',' || t.text === ';' || t.text === ':' || DASHES.has(t.text) && /\s/u.test(ctx.text[t.start - 1] ?? '')) && newAttributionAt(ctx, k + 1, end)) return t.start;
    if ((ctx.low[k] === 'and' || ctx.low[k] === 'but') && newAttributionAt(ctx, k, end)) return t.start;
    return -1;
  }
  const markComma = closeMarkAt(ctx, k) && ctx.toks[k - 1]?.text === ',' && ctx.quotationOf[k + 1]! < 0;
  return markComma && newAttributionAt(ctx, k + 1, end) ? t.end : -1;
}

/** Does an attribution that ends its sentence start at token i ("…, the official added." / "…, said Ms. Ruiz.")? */
function tailAttributionAt(ctx: Context, i: number, end: number): boolean {
  for (let c = i; c < end && c < i + MAX_NP_TOKENS; c++) {
    if (ctx.quotationOf[c]! >= 0 || ctx.toks[c]!.text === ',') return false;
    const f = CUE_FORMS.get(ctx.low[c]!);
    if (!f || f.form === 'base' || f.form === 'ing') continue;
    let after = c + 1;
    if (c === i) {
      const np = npStartingAt(ctx, c + 1, end);
      if (!np) return false;
      after = np.end;
    } else {
      const j = skipLeft(ctx, c - 1, i);
      const np = npEndingAt(ctx, j, i);
      if (!np || ctx.tokenFrom(np.start) !== i) return false;
      // "…, Hale told reporters on Monday.": the one told is part of the attribution.
      if (ATTRIBUTION.hearerObjects.has(f.lemma)) after = afterCueArguments(ctx, { first: c, end: c + 1, lemma: f.lemma, cls: f.cls, form: f.form }, end);
    }
    const tail = afterAttributionAdjuncts(ctx, after, end);
    return tail >= end || /^[.!?]$/.test(ctx.toks[tail]!.text);
  }
  return false;
}

/** Longest stretch (tokens) of prepositional phrases between a verb and a participle ("sent a memo to the paper in April explaining"). */
const MAX_OBJECT_TOKENS = 16;

/**
 * The verb whose object (and prepositional phrases) ends right before a noun phrase
 * starting at token `np` ("put out [a statement] saying", "sent [a memo] [to the Post]
 * [in April] explaining"), or -1 when the noun phrase is not such an object.
 */
function governingVerb(ctx: Context, np: number, floor: number): number {
  let k = np - 1;
  while (k >= floor && np - k <= MAX_OBJECT_TOKENS) {
    const tag = ctx.syntax.pos(k);
    if (ctx.quotationOf[k]! >= 0 || /^[,;:.!?—–-]$/u.test(ctx.toks[k]!.text)) return -1;
    if (tag === 'RP' || ATTRIBUTION.adverbs.has(ctx.low[k]!)) { k--; continue; }
    if (tag.startsWith('VB')) return ATTRIBUTION.auxiliaries.has(ctx.low[k]!) || ctx.syntax.pos(k) === 'VBG' ? -1 : k;
    // A prepositional phrase after the object: step over it to the noun phrase before.
    if ((tag === 'IN' || tag === 'TO') && PREPOSITIONS.has(ctx.low[k]!)) {
      const s = npChunkEndingAt(ctx, k - 1, floor);
      if (s < 0) return -1;
      k = s - 1;
      continue;
    }
    return -1;
  }
  return -1;
}

/** Like skipLeft, but over auxiliaries and adverbs only (to see a passive auxiliary). */
function skipLeftAdverbsOnly(ctx: Context, j: number, floor: number): number {
  while (j >= floor && (ATTRIBUTION.adverbs.has(ctx.low[j]!) || /^\p{Ll}{3,}ly$/u.test(ctx.toks[j]!.text) || ctx.low[j] === 'not' || ctx.low[j] === 'also')) j--;
  return j;
}

function afterAdjuncts(ctx: Context, i: number, limit: number): number {
  for (let guard = 0; guard < 4; guard++) {
    const adj = adjunctStartingAt(ctx, i, limit);
    if (adj > 0) i += adj; else break;
  }
  return i;
}

/** Prepositions that open a phrase of time or place after an attribution ("said Tuesday in Paris"). */
const ADJUNCT_PREPOSITIONS = new Set(['in', 'at', 'on', 'during', 'after', 'before', 'from', 'with', 'via', 'inside', 'outside', 'near', 'while']);

/**
 * Token index after the listed adjuncts and any phrases of time or place ("in Paris", "at a Las Vegas
 * rally", "Tuesday night") that end an attribution clause, to see whether the clause ends there.
 */
function afterAttributionAdjuncts(ctx: Context, i: number, limit: number): number {
  for (let guard = 0; guard < 6 && i < limit; guard++) {
    const adj = adjunctStartingAt(ctx, i, limit);
    if (adj > 0) { i += adj; continue; }
    let k = i;
    // "said in a video message to the convention.": after an attribution, "to" before a noun phrase names
    // the hearers (an infinitive, "to leave", is no noun phrase and stops the walk below).
    const prep = ADJUNCT_PREPOSITIONS.has(ctx.low[k]!) || hearersAt(ctx, k, limit);
    if (prep) k++;
    // The noun phrase: chunk-tagged, outside quotations.
    const np = k;
    while (k < limit && chunkType(ctx, k) === 'NP' && ctx.quotationOf[k]! < 0 && (k === np || ctx.syntax.chunk(k).startsWith('I-') || ctx.syntax.pos(k) === 'POS' || ctx.syntax.pos(k - 1) === 'POS')) k++;
    if (k === np) break;
    // Without a preposition, only a time phrase ("Tuesday night", "last week") is an adjunct.
    if (!prep) {
      let time = true;
      for (let m = np; m < k && time; m++) time = ATTRIBUTION.timeWords.has(ctx.low[m]!) || /^\d/.test(ctx.low[m]!);
      if (!time || ['the', 'this', 'that', 'same'].includes(ctx.low[np]!) && k - np === 1) break;
    }
    i = k;
  }
  return i;
}

/** Fewest words before a quotation, in its sentence, that make the quotation part of a mixed quote. */
const MIN_MIXED_LEAD_WORDS = 1;

/** The unclaimed words of a quotation's sentence before its opening mark, when there are enough of them. */
function leadBeforeQuotation(ctx: Context, q: Quotation): Span | null {
  const t = ctx.tokenFrom(q.start);
  const si = ctx.sentenceOf[t]!;
  if (si < 0) return null;
  const lead = trimContent(ctx.text, { start: sentenceContentStart(ctx, ctx.sentenceFirst[si]!, q.start), end: q.start });
  return lead.end > lead.start && wordsIn(ctx, lead) >= MIN_MIXED_LEAD_WORDS ? lead : null;
}

/** Where a sentence's content starts: after an earlier frame in the same sentence, else at the sentence start. */
function sentenceContentStart(ctx: Context, first: number, limitPos: number): number {
  // Walk back from the attribution to the last claimed token (bounded: content longer than this is not one claim).
  let t = ctx.tokenFrom(limitPos) - 1;
  const floor = Math.max(first, t - MAX_LEAD_CONTENT_TOKENS);
  while (t >= floor && !ctx.claimed[t]) t--;
  return ctx.toks[Math.min(t + 1, ctx.toks.length - 1)]!.start;
}

function laterCueInSentence(ctx: Context, from: number, end: number): boolean {
  for (let k = from; k < end; k++) if (ctx.quotationOf[k]! < 0 && CUE_FORMS.get(ctx.low[k]!)?.cls === 'speech') return true;
  return false;
}

/** Is a quotation followed, in its paragraph, by an attribution of its own (“B,” she added / “B,” added X)? */
function attributedAfter(ctx: Context, q: Quotation, para: Span): boolean {
  const afterQ = ctx.tokenFrom(q.end);
  if (afterQ >= ctx.toks.length || ctx.toks[afterQ]!.start >= para.end) return false;
  if (!/^[\s,—–-]*$/u.test(ctx.text.slice(q.end, ctx.toks[afterQ]!.start))) return false;
  // '… “B.” Hale said he would appeal.': a quotation closed by a period ended its sentence; the cue after it
  // opens another.
  if (endsSentence(ctx.text.slice(q.inner.start, q.inner.end))) return false;
  for (let m = afterQ; m < afterQ + 6 && m < ctx.toks.length && ctx.toks[m]!.start < para.end; m++) {
    if (/^[.!?;]$/.test(ctx.toks[m]!.text)) return false;
    if (CUE_FORMS.get(ctx.low[m]!)?.cls === 'speech') return true;
  }
  return false;
}

/**
 * Is a quotation closed in its paragraph and followed by an attribution of its own in the same
 * sentence ('“A,” she said', '“A?” the man asked')? A finite speech cue must follow within a few words.
 */
function hasOwnTail(ctx: Context, qi: number): boolean {
  const q = ctx.quotations[qi]!;
  if (q.open) return false;
  const para = ctx.paragraphs[q.paragraph]!;
  const afterQ = ctx.tokenFrom(q.end);
  if (afterQ >= ctx.toks.length || ctx.toks[afterQ]!.start >= para.end) return false;
  if (!/^[\s,—–-]*$/u.test(ctx.text.slice(q.end, ctx.toks[afterQ]!.start))) return false;
  for (let m = afterQ; m < afterQ + 8 && m < ctx.toks.length && ctx.toks[m]!.start < para.end; m++) {
    if (/^[.!?;:]$/.test(ctx.toks[m]!.text) || ctx.quotationOf[m]! >= 0) return false;
    const f = CUE_FORMS.get(ctx.low[m]!);
    if (f?.cls === 'speech' && (f.form === 'ed' || f.form === 's')) return true;
  }
  return false;
}

/** A quotation continuing an attribution: ". “B.”" within the paragraph, after the rest of the attribution clause. */
function continuationAfter(ctx: Context, fromTok: number, paragraph: number): number {
  const from = ctx.toks[Math.max(0, fromTok - 1)]!.end;
  const para = ctx.paragraphs[paragraph]!;
  const limit = Math.min(para.end, from + MAX_CONTINUATION_GAP);
  const t = ctx.tokenFrom(from);
  // '“A,” said X, who wrote about it in a book. “B.”': a cue in a relative clause describing the source
  // does not attribute the next quotation.
  let relative = false;
  for (let k = t; k < ctx.toks.length && ctx.toks[k]!.start < limit; k++) {
    if (/^[.!?;]$/u.test(ctx.toks[k]!.text)) relative = false;
    else if (ctx.toks[k - 1]?.text === ',' && RELATIVE_TAGS.has(ctx.syntax.pos(k)) && ctx.quotationOf[k]! < 0) relative = true;
    const q = ctx.quotationOf[k]!;
    if (q >= 0) {
      const qq = ctx.quotations[q]!;
      if (ctx.claimedQuotation[q] || qq.paragraph !== paragraph) return -1;
      const gap = ctx.text.slice(from, qq.start);
      const opensSentence = gap.trim() === '' || /[.,:;!?]\s*$/u.test(gap);
      if (!opensSentence) {
        // A title or a term inside the attribution ("he said on “Meet the Press.”"): step over it.
        k = ctx.tokenFrom(qq.end) - 1;
        continue;
      }
      // The continuation must not be attributed on its own (“B,” she added).
      if (!qq.open && attributedAfter(ctx, qq, para)) return -1;
      // '“A,” Hale said. Ortiz disagreed: “B.”', '“A,” Hale told Ortiz, who replied: “B.”': a new sentence or
      // a relative clause that hands the quotation over with a colon introduces it (the colon rule reads it).
      if (/:\s*$/u.test(gap) && (relative || /[.!?]["”’]?\s+\S/u.test(gap))) return -1;
      return q;
    }
    const f = CUE_FORMS.get(ctx.low[k]!);
    if (f?.cls === 'speech' && f.form !== 'ing' && k > t && !relative) return -1;
    // '“A,” X said, adding: “B.”': a participle that introduces the quotation is an attribution of its own.
    if (f?.cls === 'speech' && f.form === 'ing' && /^[,:]$/.test(ctx.toks[k + 1]?.text ?? '') && ctx.quotationOf[k + 2]! >= 0 && !relative) return -1;
  }
  return -1;
}
