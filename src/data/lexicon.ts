/**
 * Loads the knowledge files under data/lexicon once and indexes them for the
 * analysis stages. Knowledge lives in data files (see data/README.md); this
 * module only reads and indexes them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './paths.js';

const DATA_DIR = join(projectRoot(), 'data', 'lexicon');
function load<T>(name: string): T {
  return JSON.parse(readFileSync(join(DATA_DIR, name), 'utf8')) as T;
}

export interface CountryInfo {
  name: string;
  code: string;
  demonyms: string[];
  aliases: string[];
  capital: string;
}
export interface OrgInfo {
  name: string;
  aliases: string[];
  country: string | null;
  kind: string;
}
export type GazetteerKind = 'country' | 'region' | 'city' | 'org' | 'demonym';
export interface GazetteerEntry {
  kind: GazetteerKind;
  /** Canonical name of what the phrase refers to. */
  name: string;
  /** ISO-3 code of the country it belongs to, if any. */
  country: string | null;
  org?: OrgInfo;
}

const speech = load<{ direct: string[]; indirectOnly: string[]; speechNouns: string[]; tailOnly: string[] }>('speech-verbs.json');
const titles = load<{ premodifier: string[]; honorifics: string[]; roleNouns: string[]; opensOtherNames: string[] }>('titles.json');
const stop = load<{ sentenceInitial: string[]; neverNames: string[]; possessiveDeterminers: string[] }>('stopwords.json');
const pronouns = load<{ person: Record<string, string>; plural: string[]; firstPerson: string[] }>('pronouns.json');
const countriesFile = load<{ countries: [string, string, string[], string[], string][]; regions: string[]; cities: [string, string][]; regionDemonyms: [string, string][] }>('countries.json');
const orgFile = load<{ organizations: [string, string[], string | null, string][]; headNouns: string[]; headNounsLower: string[]; shortFormHeads: string[] }>('organizations.json');
const residue = load<{ ledeSpeechWords: string[]; uiLabels: string[]; lineLabels: string[]; labelPrefixes: string[]; creditCues: string[]; bioNouns: string[]; captionCues: string[] }>('page-residue.json');
const cues = load<{ wants: string[]; wantHeadings: string[]; outlook: string[]; sourceBefore: string[]; sourceReportNouns: string[]; sourceVerbsAfter: string[] }>('cues.json');
const units = load<{ numberWords: Record<string, number>; scales: Record<string, number>; currencySymbols: Record<string, string>; currencyWords: Record<string, string>; percentWords: string[]; hyphenUnits: string[]; countNouns: string[] }>('units.json');

export const COUNTRIES: CountryInfo[] = countriesFile.countries.map(([name, code, demonyms, aliases, capital]) => ({ name, code, demonyms, aliases, capital }));
export const COUNTRY_BY_CODE = new Map(COUNTRIES.map((c) => [c.code, c]));

/** Normalise a phrase for gazetteer lookup: lower case, curly apostrophes straightened. */
export function normalizeKey(s: string): string {
  return s.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();
}

/** Phrase (normalised) → what it names. Multi-word phrases included; longest match is the caller's job. */
export const GAZETTEER = new Map<string, GazetteerEntry>();
function addGaz(phrase: string, entry: GazetteerEntry): void {
  const key = normalizeKey(phrase);
  if (!GAZETTEER.has(key)) GAZETTEER.set(key, entry);
}
for (const c of COUNTRIES) {
  addGaz(c.name, { kind: 'country', name: c.name, country: c.code });
  for (const a of c.aliases) addGaz(a, { kind: 'country', name: c.name, country: c.code });
  for (const d of c.demonyms) addGaz(d, { kind: 'demonym', name: c.name, country: c.code });
  addGaz(c.capital, { kind: 'city', name: c.capital, country: c.code });
}
for (const r of countriesFile.regions) addGaz(r.replace(/^the /, ''), { kind: 'region', name: r.replace(/^the /, ''), country: null });
for (const [dem, region] of countriesFile.regionDemonyms) addGaz(dem, { kind: 'demonym', name: region.replace(/^the /, ''), country: null });
for (const [city, code] of countriesFile.cities) addGaz(city, { kind: 'city', name: city, country: code });
export const ORGS: OrgInfo[] = orgFile.organizations.map(([name, aliases, country, kind]) => ({ name, aliases, country, kind }));
for (const o of ORGS) {
  GAZETTEER.set(normalizeKey(o.name), { kind: 'org', name: o.name, country: o.country, org: o });
  for (const a of o.aliases) addGaz(a.replace(/^the /i, ''), { kind: 'org', name: o.name, country: o.country, org: o });
}
/** Longest gazetteer phrase, in words. */
export const GAZETTEER_MAX_WORDS = Math.max(...[...GAZETTEER.keys()].map((k) => k.split(' ').length));

export const SPEECH_VERBS = new Set(speech.direct.map((v) => v.toLowerCase()));
export const INDIRECT_SPEECH_VERBS = new Set([...speech.direct, ...speech.indirectOnly].map((v) => v.toLowerCase()));
/** Verbs that attribute speech only after the quotation ("...," she added). */
export const TAIL_ONLY_SPEECH_VERBS = new Set(speech.tailOnly.map((v) => v.toLowerCase()));
export const SPEECH_NOUNS = new Set(speech.speechNouns);

export const PREMODIFIER_TITLES = new Set(titles.premodifier);
export const PREMODIFIER_TITLE_MAX_WORDS = Math.max(...titles.premodifier.map((t) => t.split(' ').length));
export const HONORIFICS = new Set(titles.honorifics);
/** Pre-modifier titles that also begin names of places, organisations or things ("General Motors"). */
export const TITLES_OPENING_OTHER_NAMES = new Set(titles.opensOtherNames);
export const ROLE_NOUNS = new Set(titles.roleNouns);

/** Lower-case words that can begin a name (the entity tagger always scores them). */
export const NAME_PARTICLES: ReadonlySet<string> = new Set(load<{ particles: string[] }>('name-particles.json').particles);
/** Countries whose names are written family name first ("Xi Jinping"): a name's first word alone is its surname. */
export const FAMILY_NAME_FIRST_COUNTRIES: ReadonlySet<string> = new Set(load<{ familyNameFirst: string[] }>('name-order.json').familyNameFirst);

export const SENTENCE_INITIAL_STOPWORDS = new Set(stop.sentenceInitial);
export const NEVER_NAMES = new Set(stop.neverNames);
/** Capitalised possessive determiners: a tagged name they open is a description ("Her Labour shadow"). */
export const POSSESSIVE_DETERMINERS = new Set(stop.possessiveDeterminers);

export const PERSON_PRONOUNS = new Map(Object.entries(pronouns.person));
export const PLURAL_PRONOUNS = new Set(pronouns.plural);
export const FIRST_PERSON_PRONOUNS = new Set(pronouns.firstPerson);

export const ORG_HEAD_NOUNS = new Set(orgFile.headNouns);
export const ORG_HEAD_NOUNS_LOWER = new Set(orgFile.headNounsLower);
/** Head nouns used alone for the organisation named in full before ("the Commission"). */
export const ORG_SHORT_FORM_HEADS = new Set(orgFile.shortFormHeads);

export const RESIDUE = {
  uiLabels: new Set(residue.uiLabels),
  lineLabels: new Set(residue.lineLabels.map(normalizeKey)),
  labelPrefixes: residue.labelPrefixes,
  creditCues: residue.creditCues,
  bioNouns: residue.bioNouns,
  captionCues: residue.captionCues,
  ledeSpeechWords: new Set(residue.ledeSpeechWords),
};

export const CUES = cues;
export const UNITS = units;

/** Escape a literal for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compile a phrase list into one case-insensitive alternation on word
 * boundaries, longest phrase first so "expected to" wins over "expected".
 */
export function phraseRegExp(phrases: string[], flags = 'giu'): RegExp {
  const sorted = [...new Set(phrases)].sort((a, b) => b.length - a.length).map((p) => escapeRegExp(p).replace(/['’]/g, "['’]"));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${sorted.join('|')})(?![\\p{L}\\p{N}])`, flags);
}

// ---- Attribution cues (data/lexicon/attribution.json) ----

export type CueClass = 'speech' | 'cognition' | 'intention' | 'stance' | 'evidence';
export interface CueForm {
  lemma: string;
  cls: CueClass;
  /** 'base' | 's' | 'ed' | 'ing' (irregular past forms count as 'ed'). */
  form: 'base' | 's' | 'ed' | 'ing';
}
const attribution = load<{
  cues: Record<CueClass, string[]>;
  multiword: Record<string, CueClass>;
  irregular: Record<string, string[]>;
  doubleFinal: string[];
  ambiguousNouns: string[];
  speechOnlyAfterPunctuation: string[];
  /** Of those, cues whose finite form ("reported", "reports") takes a plain object as content ("The company reported a profit"); "must report" does not. */
  objectWhenFinite: string[];
  /** Cues whose participle after an attribution opens a further, separate attribution ("…,” she said, adding, “…”). */
  furtherSpeech: string[];
  hedges: string[];
  sourcelessPassives: string[];
  namingVerbs: string[];
  namingParticiples: string[];
  hearerObjects: string[];
  nounCues: string[];
  copularNounCues: string[];
  chantNouns: string[];
  objectTakers: string[];
  determiners: string[];
  auxiliaries: string[];
  adverbs: string[];
  pronounSubjects: string[];
  clauseWords: string[];
  nounPhraseInner: string[];
  timeWords: string[];
  frameAdjuncts: string[];
  verbParticles: string[];
  surveyNouns: string[];
  shareWords: string[];
  workNouns: string[];
  workTitleWords: string[];
  workRoleNouns: string[];
}>('attribution.json');

/** Regular inflections of an English verb lemma. */
export function inflect(lemma: string, doubleFinal: boolean): { s: string; ed: string; ing: string } {
  const last = lemma.at(-1)!;
  const consonantY = /[^aeiou]y$/.test(lemma);
  const s = /(?:s|x|z|ch|sh)$/.test(lemma) ? `${lemma}es` : consonantY ? `${lemma.slice(0, -1)}ies` : `${lemma}s`;
  const stem = doubleFinal ? lemma + last : lemma;
  const ed = lemma.endsWith('e') ? `${lemma}d` : consonantY ? `${lemma.slice(0, -1)}ied` : `${stem}ed`;
  const ing = lemma.endsWith('ie') ? `${lemma.slice(0, -2)}ying` : /[^e]e$/.test(lemma) ? `${lemma.slice(0, -1)}ing` : `${stem}ing`;
  return { s, ed, ing };
}

/** Every form of every single-word cue verb → its lemma, class and form. The first class listed for a lemma wins. */
export const CUE_FORMS = new Map<string, CueForm>();
{
  const doubled = new Set(attribution.doubleFinal);
  for (const [cls, lemmas] of Object.entries(attribution.cues) as [CueClass, string[]][]) {
    for (const lemma of lemmas) {
      const forms = inflect(lemma, doubled.has(lemma));
      const irregular = attribution.irregular[lemma];
      const add = (w: string, form: CueForm['form']): void => { if (!CUE_FORMS.has(w)) CUE_FORMS.set(w, { lemma, cls, form }); };
      add(lemma, 'base');
      add(forms.s, 's');
      add(forms.ing, 'ing');
      if (irregular) for (const w of irregular) add(w, 'ed');
      else add(forms.ed, 'ed');
    }
  }
}
/** Multi-word cues, lower case, keyed by their first word for a quick check. */
export const MULTIWORD_CUES = new Map<string, { words: string[]; cls: CueClass }[]>();
for (const [phrase, cls] of Object.entries(attribution.multiword)) {
  const words = phrase.split(' ');
  const list = MULTIWORD_CUES.get(words[0]!) ?? [];
  list.push({ words, cls });
  list.sort((a, b) => b.words.length - a.words.length);
  MULTIWORD_CUES.set(words[0]!, list);
}
/** Forms of the hedging verbs ("seems", "appeared") → lemma. */
export const HEDGE_FORMS = new Map<string, string>();
for (const lemma of attribution.hedges) {
  const forms = inflect(lemma, false);
  for (const w of [lemma, forms.s, forms.ed, forms.ing]) HEDGE_FORMS.set(w, lemma);
}
export const ATTRIBUTION = {
  ambiguousNouns: new Set(attribution.ambiguousNouns),
  speechOnlyAfterPunctuation: new Set(attribution.speechOnlyAfterPunctuation),
  objectWhenFinite: new Set(attribution.objectWhenFinite),
  /** "…,” she said, adding, “…”": the participle of these cues starts a new attribution of the same source. */
  furtherSpeech: new Set(attribution.furtherSpeech),
  /** Verbs that name or describe their object ("called it “a disaster”"): the object is part of the content. */
  namingVerbs: new Set(attribution.namingVerbs),
  /** Participles that name in a passive or reduced relative ("a show called “…”", "is dubbed “…”"): the name is no subject's words. */
  namingParticiples: new Set(attribution.namingParticiples),
  /** Cues whose passive ("is expected to", "was asked whether") attributes to no one named. */
  sourcelessPassives: new Set(attribution.sourcelessPassives),
  /** Cues whose noun phrase after the verb is the one spoken to ("told The Hill"), never a speaker placed after the verb. */
  hearerObjects: new Set(attribution.hearerObjects),
  /** Nouns that report what someone said or holds ("her claim that …", "his call for …"), with the owner as source. */
  nounCues: new Set(attribution.nounCues),
  /** Nouns whose owner's words follow "is"/"was" ("her slogan is “…”", "his answer was that …"). */
  copularNounCues: new Set(attribution.copularNounCues),
  /** Nouns of what a crowd calls out, quoted after "of" ("chants of “…”", "cries of “…”"), owned or not. */
  chantNouns: new Set(attribution.chantNouns),
  objectTakers: new Set(attribution.objectTakers),
  determiners: new Set(attribution.determiners),
  auxiliaries: new Set(attribution.auxiliaries),
  adverbs: new Set(attribution.adverbs),
  pronounSubjects: new Set(attribution.pronounSubjects),
  clauseWords: new Set(attribution.clauseWords),
  nounPhraseInner: new Set(attribution.nounPhraseInner),
  /** Words of a time phrase that can sit between a subject and its verb ("Trump Tuesday night said"). */
  timeWords: new Set(attribution.timeWords),
  /** Particles of phrasal verbs ("went on to", "followed up with") that a tagger may read as prepositions. */
  verbParticles: new Set(attribution.verbParticles),
  /** Polls and surveys ("said in a poll", "a survey found"), single lower-case words. */
  surveyNouns: new Set(attribution.surveyNouns),
  /** Words for a share of a group ("52 percent of voters", "a majority of respondents"), single lower-case words ("per cent" is "cent"). */
  shareWords: new Set(attribution.shareWords),
  /** Nouns naming a work whose title may follow in quotation marks ("his book, “…”"), single lower-case words. */
  workNouns: new Set(attribution.workNouns),
  /** Words that introduce a title ("a segment entitled “…”"). */
  workTitleWords: new Set(attribution.workTitleWords),
  /** People a title may describe, right after it ("“Broad City” star …"). */
  workRoleNouns: new Set(attribution.workRoleNouns),
  /** Adjunct phrases as lower-case word arrays, keyed by first word, longest first. */
  frameAdjuncts: indexByFirstWord(attribution.frameAdjuncts.map((p) => p.split(' '))),
  /** Adjunct phrases keyed by last word, for matching leftwards. */
  frameAdjunctsByLast: indexByLastWord(attribution.frameAdjuncts.map((p) => p.split(' '))),
};
function indexByFirstWord(phrases: string[][]): Map<string, string[][]> {
  const m = new Map<string, string[][]>();
  for (const p of phrases.sort((a, b) => b.length - a.length)) m.set(p[0]!, [...(m.get(p[0]!) ?? []), p]);
  return m;
}
function indexByLastWord(phrases: string[][]): Map<string, string[][]> {
  const m = new Map<string, string[][]>();
  for (const p of phrases.sort((a, b) => b.length - a.length)) m.set(p.at(-1)!, [...(m.get(p.at(-1)!) ?? []), p]);
  return m;
}
