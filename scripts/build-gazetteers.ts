/**
 * Build the gazetteers (`npm run build:gazetteers`) from the PETRARCH Phoenix
 * actor dictionaries in the shared event-dictionaries folder (MIT licence,
 * © Open Event Data Alliance) and our own lexicons (data/lexicon/).
 *
 * 1. parse Phoenix.Countries, Phoenix.International and Phoenix.MilNonState;
 * 2. sort every record into a category: country (the first record of each
 *    ISO code), place (its other names: regions, cities, rivers), demonym
 *    (adjectival forms), person (CountryInfo leaders, dated IGO officials),
 *    organisation (everything else);
 * 3. clean person names (drop title-prefixed variants such as "president
 *    vladimir putin") and derive given-name and surname word lists;
 * 4. write data/gazetteers/ner.json (phrase lists read by the entity tagger)
 *    and data/gazetteers/leaders.json (people with country, office and dated
 *    roles, read by the entity stage).
 *
 * The output is derived (normalized, filtered, regrouped), never a byte copy.
 * Deterministic: lists are sorted.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot, sharedDataDir } from '../src/data/paths.js';
import { parseActorDictionary } from '../src/data/actor-dictionary.js';
import type { ActorCode, ActorRecord } from '../src/data/actor-dictionary.js';

const DICT_SUBDIR = 'event-dictionaries';
const SOURCE = 'PETRARCH Phoenix actor dictionaries (openeventdata/petrarch2 @676801c: Phoenix.Countries, Phoenix.International, Phoenix.MilNonState .actors.txt) and data/lexicon/{countries,organizations}.json';
const LICENCE = 'MIT (c) 2014-2015 Open Event Data Alliance, for the PETRARCH-derived entries; project licence for the rest';

/** Title words that start a phrase in the dictionaries ("president putin"): such phrases are not names. */
const TITLE_WORDS = new Set([
  'president', 'vice', 'prime', 'minister', 'premier', 'chancellor', 'secretary', 'general', 'gen', 'king', 'queen', 'prince', 'princess',
  'sheikh', 'emir', 'sultan', 'leader', 'chairman', 'chief', 'foreign', 'defense', 'defence', 'finance', 'interior', 'deputy', 'former',
  'senator', 'sen', 'governor', 'gov', 'mayor', 'ambassador', 'envoy', 'commander', 'colonel', 'col', 'major', 'maj', 'captain', 'lieutenant',
  'ayatollah', 'pope', 'cardinal', 'archbishop', 'bishop', 'rev', 'reverend', 'dr', 'mr', 'mrs', 'ms', 'judge', 'justice', 'speaker', 'communist',
  'soviet', 'opposition', 'rebel', 'party', 'army', 'military', 'marshal', 'admiral', 'adm', 'field', 'supreme', 'spiritual', 'grand', 'crown',
  'dictator', 'strongman', 'head', 'the', 'state', 'national', 'un', 'u.n.', 'nato', 'eu', 'secretary-general',
]);

/** Demonym-like endings ("Chinese", "Afghan", "Israeli"). */
const DEMONYM_END = /(?:an|ian|ese|ish|i|ic|ch|ean|ine|ite|ot|ak|ek)$/u;

/** Codes of IGO offices and roles; person roles end in these blocks. */
const ROLE_NAMES: Record<string, string> = {
  GOV: 'government',
  ELI: 'elite',
  MIL: 'military',
  OPP: 'opposition',
  REB: 'rebel',
  LEG: 'legislature',
  JUD: 'judiciary',
  COP: 'police',
  SPY: 'intelligence',
  BUS: 'business',
  MED: 'media',
  CVL: 'civilian',
  EDU: 'education',
  REL: 'religion',
  HLH: 'health',
  LAB: 'labour',
  DIP: 'diplomacy',
  IGO: 'international organisation',
};

/** Offices read from title-prefixed synonyms ("president xi jinping"), longest first. */
const OFFICES: readonly [string, string][] = [
  ['vice president', 'Vice President'],
  ['prime minister', 'Prime Minister'],
  ['deputy prime minister', 'Deputy Prime Minister'],
  ['foreign minister', 'Foreign Minister'],
  ['defense minister', 'Defense Minister'],
  ['defence minister', 'Defence Minister'],
  ['finance minister', 'Finance Minister'],
  ['secretary of state', 'Secretary of State'],
  ['secretary general', 'Secretary-General'],
  ['secretary-general', 'Secretary-General'],
  ['chancellor', 'Chancellor'],
  ['president', 'President'],
  ['premier', 'Premier'],
  ['king', 'King'],
  ['queen', 'Queen'],
  ['emir', 'Emir'],
  ['sultan', 'Sultan'],
  ['supreme leader', 'Supreme Leader'],
];

function readDictionary(dir: string, name: string): ActorRecord[] {
  return parseActorDictionary(readFileSync(path.join(dir, name), 'utf8'));
}

function isNameLike(phrase: string): boolean {
  const words = phrase.split(' ');
  if (words.length < 2 || words.length > 5) return false;
  if (words.some((w) => TITLE_WORDS.has(w)) || DEMONYM_END.test(words[0]!) && words.length > 2) return false;
  return words.every((w) => /^\p{L}[\p{L}.'-]*$/u.test(w));
}

function isPersonRecord(r: ActorRecord, file: string): boolean {
  if (file.includes('Countries')) return r.comment.includes('CountryInfo');
  if (file.includes('International')) return (r.comment.includes('rulers') || r.codes.some((c) => c.from !== null || c.to !== null)) && r.phrases.some(isNameLike);
  return false;
}

/** The office named in title-prefixed synonyms, if any. */
function officeOf(phrases: readonly string[]): string | null {
  for (const p of phrases) {
    const rest = p.replace(/^(?:[a-z]+(?:ian|ese|ish|an|i|ch) )/u, ''); // "russian president …"
    for (const [prefix, office] of OFFICES) if (rest.startsWith(`${prefix} `)) return office;
  }
  return null;
}

function titleCase(phrase: string): string {
  return phrase.replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

function countryOfCode(code: string): string | null {
  return /^[A-Z]{3}/u.test(code) && !['IGO', 'NGO', 'IMG', 'NGM', 'MNC', 'INT', 'UIS', 'REB'].includes(code.slice(0, 3)) ? code.slice(0, 3) : null;
}

function roleOfCode(code: string): string | null {
  const rest = countryOfCode(code) !== null ? code.slice(3, 6) : code.slice(0, 3);
  return ROLE_NAMES[rest] ?? null;
}

interface Leader {
  name: string;
  country: string | null;
  office: string | null;
  aliases: string[];
  roles: ActorCode[];
}

interface LexCountries {
  countries: [string, string, string[], string[], string | null][];
  regions: string[];
  cities: [string, string][];
  regionDemonyms: [string, string][];
}

interface LexOrgs {
  organizations: [string, string[], string | null, string][];
}

function main(): number {
  const shared = sharedDataDir();
  const dir = shared === null ? null : path.join(shared, DICT_SUBDIR);
  if (dir === null || !existsSync(path.join(dir, 'Phoenix.Countries.actors.txt'))) {
    console.error(`build-gazetteers: the PETRARCH dictionaries were not found (<shared>/${DICT_SUBDIR}); set BRIEFLY_SHARED_DATA or check ../shared/data. Nothing built.`);
    return 1;
  }
  const root = projectRoot();
  const lists: Record<string, Set<string>> = {
    country: new Set(),
    place: new Set(),
    demonym: new Set(),
    org: new Set(),
    person: new Set(),
    given: new Set(),
    surname: new Set(),
  };
  const add = (cat: string, phrase: string): void => {
    const p = phrase.toLowerCase().trim();
    if (p.length < 2 || /^\d/u.test(p)) return;
    lists[cat]!.add(p);
  };
  const leaders: Leader[] = [];
  const seenCountryCodes = new Set<string>();

  // Our own lexicons first: the country names, demonyms, capitals and organisations we already curate.
  const lexCountries = JSON.parse(readFileSync(path.join(root, 'data', 'lexicon', 'countries.json'), 'utf8')) as LexCountries;
  const knownDemonyms = new Set<string>();
  for (const [name, , demonyms, others, capital] of lexCountries.countries) {
    add('country', name);
    for (const o of others) add('country', o);
    for (const d of demonyms) {
      add('demonym', d);
      knownDemonyms.add(d.toLowerCase());
    }
    if (capital !== null) add('place', capital);
  }
  for (const r of lexCountries.regions) add('place', r);
  for (const [c] of lexCountries.cities) add('place', c);
  for (const [d] of lexCountries.regionDemonyms) add('demonym', d);
  const lexOrgs = JSON.parse(readFileSync(path.join(root, 'data', 'lexicon', 'organizations.json'), 'utf8')) as LexOrgs;
  for (const [name, aliases] of lexOrgs.organizations) {
    add('org', name);
    for (const a of aliases) add('org', a);
  }

  const files = ['Phoenix.Countries.actors.txt', 'Phoenix.International.actors.txt', 'Phoenix.MilNonState.actors.txt'];
  const records = files.map((file) => ({ file, records: readDictionary(dir, file) }));
  // A record whose primary phrase is also a person's name elsewhere (XI_JINPING is listed twice) is that person.
  const personNames = new Set<string>();
  for (const { file, records: rs } of records) for (const r of rs) if (isPersonRecord(r, file)) for (const p of r.phrases) personNames.add(p);
  const isPerson = (r: ActorRecord, file: string): boolean => isPersonRecord(r, file) || (isNameLike(r.phrases[0]!) && personNames.has(r.phrases[0]!));
  const leaderByName = new Map<string, Leader>();
  for (const { file, records: rs } of records) {
    for (const r of rs) {
      if (isPerson(r, file)) {
        const names = r.phrases.filter(isNameLike);
        if (names.length === 0) continue;
        for (const n of names) {
          add('person', n);
          const words = n.split(' ');
          const first = words[0]!;
          const last = words[words.length - 1]!;
          if (first.length > 1 && !first.endsWith('.')) add('given', first);
          if (last.length > 2) add('surname', last);
        }
        const country = r.codes.map((c) => countryOfCode(c.code)).find((c) => c !== null) ?? null;
        const name = titleCase(names[0]!);
        const known = leaderByName.get(name);
        if (known !== undefined) {
          for (const c of r.codes) if (!known.roles.some((k) => k.code === c.code && k.from === c.from && k.to === c.to)) known.roles.push(c);
          for (const a of names.slice(1).map(titleCase)) if (!known.aliases.includes(a)) known.aliases.push(a);
          known.office ??= officeOf(r.phrases);
          known.country ??= country;
          continue;
        }
        const leader = { name, country, office: officeOf(r.phrases), aliases: names.slice(1).map(titleCase), roles: [...r.codes] };
        leaderByName.set(name, leader);
        leaders.push(leader);
        continue;
      }
      const code = r.codes[0]?.code ?? '';
      const isCountryCode = file.includes('Countries') && /^[A-Z]{3}$/u.test(code);
      if (isCountryCode && !seenCountryCodes.has(code)) {
        seenCountryCodes.add(code);
        const [primary, ...synonyms] = r.phrases;
        add('country', primary!);
        const head = primary!.split(' ')[0]!;
        for (const s of synonyms) {
          const isDemonym = knownDemonyms.has(s) || (DEMONYM_END.test(s) && s !== head && s.slice(0, 3) === head.slice(0, 3));
          if (!s.includes(' ') && isDemonym) add('demonym', s);
          else if (s.includes(head) || /\b(?:republic|kingdom|state|states|federation|emirates)\b/u.test(s)) add('country', s);
          else add('place', s);
        }
        continue;
      }
      if (isCountryCode) {
        for (const s of r.phrases) add('place', s);
        continue;
      }
      for (const s of r.phrases) if (!TITLE_WORDS.has(s.split(' ')[0]!) || s.split(' ').length > 1) add('org', s);
    }
  }
  // A word that is a country or demonym is not a given name or surname.
  for (const w of [...lists.given!]) if (lists.country!.has(w) || lists.demonym!.has(w)) lists.given!.delete(w);
  for (const w of [...lists.surname!]) if (lists.country!.has(w) || lists.demonym!.has(w)) lists.surname!.delete(w);

  const outDir = path.join(root, 'data', 'gazetteers');
  mkdirSync(outDir, { recursive: true });
  const sorted: Record<string, string[]> = {};
  for (const [cat, set] of Object.entries(lists)) sorted[cat] = [...set].sort();
  const ner = { source: SOURCE, licence: LICENCE, lists: sorted };
  writeFileSync(path.join(outDir, 'ner.json'), `${JSON.stringify(ner)}\n`);
  leaders.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const leaderRows = leaders.map((l) => [l.name, l.country, l.office, l.aliases, l.roles.map((c) => [c.code, c.from, c.to, roleOfCode(c.code)])]);
  writeFileSync(
    path.join(outDir, 'leaders.json'),
    `${JSON.stringify({ source: SOURCE, licence: LICENCE, format: '[name, country ISO-3 or null, office or null, aliases, [[code, from, to, role], ...]]', leaders: leaderRows })}\n`,
  );
  for (const [cat, l] of Object.entries(sorted)) console.log(`${cat.padEnd(8)} ${l.length}`);
  console.log(`leaders  ${leaders.length}`);
  return 0;
}

process.exitCode = main();
