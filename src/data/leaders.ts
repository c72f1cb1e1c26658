/**
 * Political leaders and officials with their country, office and dated roles
 * (data/gazetteers/leaders.json, built by `npm run build:gazetteers` from the
 * PETRARCH Phoenix actor dictionaries, MIT licence; see data/README.md).
 * Used by the entity stage to resolve a person named by surname alone
 * ("Xi" in a 2023 article → Xi Jinping, China, President) and to give a named
 * leader a country.
 *
 * @example
 * resolveLeader('Xi', '2023-03-20'); // { name: 'Xi Jinping', country: 'CHN', office: 'President', position: 'head of state', ... }
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { FAMILY_NAME_FIRST_COUNTRIES } from './lexicon.js';
import { projectRoot } from './paths.js';

export const LEADERS_FILE = path.join('data', 'gazetteers', 'leaders.json');

/** One dated role: actor code (e.g. CHNGOV), ISO dates (null = open), role name. */
const RoleSchema = z.tuple([z.string(), z.string().nullable(), z.string().nullable(), z.string().nullable()]);
const LeaderRowSchema = z.tuple([z.string(), z.string().nullable(), z.string().nullable(), z.array(z.string()), z.array(RoleSchema)]);
const LeadersFileSchema = z.object({ source: z.string(), licence: z.string(), leaders: z.array(z.unknown()) });

export interface Leader {
  name: string;
  /** ISO 3166-1 alpha-3. */
  country: string | null;
  /** Office named in the dictionaries' title forms ("President"), or null. */
  office: string | null;
  aliases: string[];
  roles: { code: string; from: string | null; to: string | null; role: string | null }[];
}

export interface ResolvedLeader extends Leader {
  /** "head of state", "head of government", or null when the office says neither. */
  position: string | null;
}

const HEAD_OF_STATE = new Set(['President', 'King', 'Queen', 'Emir', 'Sultan', 'Supreme Leader']);
const HEAD_OF_GOVERNMENT = new Set(['Prime Minister', 'Premier', 'Chancellor']);

interface LeaderIndex {
  byName: Map<string, Leader[]>;
  /** Surname (last word, or first word of a name written family name first) → leaders. */
  byWord: Map<string, Leader[]>;
  /** Leaders by the first word of a name written given name first: such a word alone names none of them. */
  byGivenName: Map<string, Leader[]>;
}

let index: LeaderIndex | null = null;

function push(map: Map<string, Leader[]>, key: string, l: Leader): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [l]);
  else if (!list.includes(l)) list.push(l);
}

function loadIndex(): LeaderIndex {
  if (index !== null) return index;
  const file = path.join(projectRoot(), LEADERS_FILE);
  const byName = new Map<string, Leader[]>();
  const byWord = new Map<string, Leader[]>();
  const byGivenName = new Map<string, Leader[]>();
  if (existsSync(file)) {
    const parsed = LeadersFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    for (const raw of parsed.leaders) {
      const row = LeaderRowSchema.safeParse(raw);
      if (!row.success) continue;
      const [name, country, office, aliases, roles] = row.data;
      const l: Leader = { name, country, office, aliases, roles: roles.map(([code, from, to, role]) => ({ code, from, to, role })) };
      for (const n of [name, ...aliases]) {
        push(byName, n.toLowerCase(), l);
        const words = n.split(' ');
        if (words.length >= 2) {
          // The first word alone is a surname only where names are written family name first ("Xi"), or
          // for the heads of state and government the gazetteer lists with an office; elsewhere it is a
          // given name, which names no leader alone ("Grain") and makes a surname that is also someone's
          // given name ambiguous ("Lina").
          const familyFirst = office !== null || (country !== null && FAMILY_NAME_FIRST_COUNTRIES.has(country));
          push(familyFirst ? byWord : byGivenName, words[0]!.toLowerCase(), l);
          push(byWord, words[words.length - 1]!.toLowerCase(), l);
        }
      }
    }
  }
  index = { byName, byWord, byGivenName };
  return index;
}

/** Whether one of the leader's government roles covers `date` (any government role when date is null). */
function isActive(l: Leader, date: string | null): boolean {
  return l.roles.some((r) => r.code.length >= 6 && r.code.slice(3, 6) === 'GOV' && (date === null || ((r.from === null || r.from <= date) && (r.to === null || date < r.to))));
}

function withPosition(l: Leader): ResolvedLeader {
  const position = l.office === null ? null : HEAD_OF_STATE.has(l.office) ? 'head of state' : HEAD_OF_GOVERNMENT.has(l.office) ? 'head of government' : null;
  return { ...l, position };
}

/**
 * The one leader a name refers to on `date` (ISO, or null when unknown): a
 * full name or alias, or one word of a name (surname, or a family name
 * written first). Only leaders in government on that date count; null when
 * none or several match.
 */
export function resolveLeader(name: string, date: string | null): ResolvedLeader | null {
  const { byName, byWord, byGivenName } = loadIndex();
  const key = name.trim().toLowerCase();
  const pool = key.includes(' ') ? byName.get(key) : byWord.get(key);
  if (pool === undefined) return null;
  const active = pool.filter((l) => isActive(l, date));
  if (active.length !== 1) return null;
  // A word that is also the given name of another leader in government is ambiguous.
  if (!key.includes(' ') && (byGivenName.get(key) ?? []).some((l) => l !== active[0] && isActive(l, date))) return null;
  return withPosition(active[0]!);
}
