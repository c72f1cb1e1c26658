/**
 * Test and bench articles for the corpus, written for this project (no third-party text).
 *
 * Four short hand-written story templates; {@link generateArticles} fills their slots (people, roles,
 * places, organisations, numbers, days) from small pools with a seeded generator and picks and orders
 * their optional paragraphs, so articles differ enough not to be near duplicates of each other while
 * staying realistic for the pipeline (quotes, figures, roles, wants, dates).
 */
import { seededRandom } from '../../src/text/perceptron-train.js';

export interface FixtureArticle {
  id: string;
  title: string;
  text: string;
  source: string;
  publishedAt: string;
  url: string;
}

const FIRST = ['Marta', 'Jonas', 'Ilse', 'Tomas', 'Ana', 'Pieter', 'Lena', 'Oskar', 'Sofia', 'Karl', 'Nadia', 'Emil', 'Rosa', 'Viktor', 'Clara', 'Hugo', 'Irene', 'Matteo', 'Greta', 'Felix'];
const LAST = ['Keller', 'Varga', 'Lindqvist', 'Moreau', 'Costa', 'Brandt', 'Novak', 'Okafor', 'Haddad', 'Jensen', 'Petrov', 'Santos', 'Dubois', 'Kowalski', 'Berg', 'Rossi', 'Lund', 'Farkas', 'Weber', 'Marsh'];
const CITIES = ['Tallinn', 'Riga', 'Vilnius', 'Lisbon', 'Porto', 'Ghent', 'Lyon', 'Krakow', 'Bergen', 'Turin', 'Graz', 'Malmo'];
const COUNTRIES = ['Estonia', 'Latvia', 'Lithuania', 'Portugal', 'Belgium', 'France', 'Poland', 'Norway', 'Italy', 'Austria', 'Sweden'];
const OUTLETS = ['Northern Ledger', 'Harbour Times', 'Valley Courier', 'Capital Post', 'Coastal Herald'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
const ORGS = ['Regional Transport Authority', 'National Energy Board', 'City Water Company', 'Farmers Union', 'Port Workers Union', 'Housing Council'];
const TOPICS = ['rail line', 'wind farm', 'water plant', 'bridge', 'harbour expansion', 'housing plan', 'tram network', 'solar park'];

type Slots = Record<string, string>;

/** Each template: a title, fixed opening paragraphs, then optional paragraphs (some are picked). */
const TEMPLATES: { title: string; lead: string[]; optional: string[] }[] = [
  {
    title: '{city} council backs {topic} after long debate',
    lead: [
      '{CITY}, {country} — The city council of {city} voted on {day} to approve the {topic}, ending a dispute that had split the coalition for {n1} months.',
      '"This is the most important decision we have taken in a decade," said Mayor {p1}. "People will feel the difference within {n2} years."',
    ],
    optional: [
      'The project will cost about {money} million euros, according to the {org}, which expects to cover {pct} percent of the bill from national funds.',
      'Opposition leader {p2} said the vote was rushed and that residents had not been consulted. She wants a public hearing before construction begins.',
      'Construction is expected to start next spring, and the first section should open in {year}.',
      'Local business owners welcomed the news. "We have waited a long time for this," said {p3}, who runs a bakery near the planned route.',
      'The {org} said it would publish a detailed timetable by the end of the month.',
      'Critics point out that a similar plan in {city2} ran {pct2} percent over budget.',
    ],
  },
  {
    title: 'Workers at {org} strike over pay in {city}',
    lead: [
      'Hundreds of workers at the {org} walked out on {day} in {city}, demanding a pay rise of {pct} percent to keep up with rising prices.',
      'Union spokesperson {p1} told reporters that talks had broken down. "We are not asking for luxury, we are asking to pay our rent," {p1last} said.',
    ],
    optional: [
      'Management offered {pct2} percent, calling the union demand unaffordable. Chief executive {p2} said the company had lost {money} million euros last year.',
      'The strike is expected to last {n1} days unless a mediator is appointed.',
      'Labour minister {p3} urged both sides to return to the table and said the government was ready to help.',
      'About {n3} people rely on the services affected by the walkout, officials said.',
      'A previous strike in {year} ended after {n2} weeks with a compromise deal.',
      'The union wants a guarantee that no jobs will be cut before {year2}.',
    ],
  },
  {
    title: '{country} and {country2} sign deal on {topic}',
    lead: [
      'The governments of {country} and {country2} signed an agreement in {city} on {day} to build a shared {topic}, officials said.',
      'Prime Minister {p1} of {country} called the deal "a turning point for both our peoples". Her counterpart, {p2}, said the project would create {n3} jobs.',
    ],
    optional: [
      'The two countries will split the cost of {money} million euros equally, according to the finance ministries.',
      'Environmental groups say the plan ignores its impact on local wildlife. "Nobody asked the people who live there," said activist {p3}.',
      'Work is due to begin in {year}, with completion planned for {year2}.',
      '{country2} wants the European Union to contribute {pct} percent of the funding.',
      'Analysts expect the agreement to lower energy prices by about {pct2} percent over {n1} years.',
      'Talks are expected to continue in {city2} next month on the details of ownership.',
    ],
  },
  {
    title: 'Floods close roads across {country}; {n1} towns affected',
    lead: [
      'Heavy rain flooded roads and homes across {country} on {day}, forcing the closure of the main highway near {city}.',
      'Interior minister {p1} said emergency teams had rescued {n3} people. "The next {n2} days will be difficult," {p1last} warned.',
    ],
    optional: [
      'The weather service recorded {n2}0 millimetres of rain in {n1} hours, the highest since {year}.',
      'Farmers fear heavy losses. {p2}, who grows wheat near {city2}, said half of his fields were under water.',
      'The {org} said damage could reach {money} million euros.',
      'Schools in {n1} districts will stay closed until Friday, officials said.',
      'Opposition politicians want an inquiry into why flood defences built after {year} failed.',
      'Volunteers from {city2} arrived with boats and supplies, and the Red Cross opened shelters for {n3} people.',
    ],
  },
];

function fill(template: string, s: Slots): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => s[k] ?? `{${k}}`);
}

/**
 * `count` distinct articles, deterministic for a seed.
 *
 * @example
 * const articles = generateArticles(50, 7); // 50 articles, ids "gen-7-0" …
 */
export function generateArticles(count: number, seed = 1): FixtureArticle[] {
  const out: FixtureArticle[] = [];
  for (let i = 0; i < count; i++) out.push(generateArticle(i, seed));
  return out;
}

export function generateArticle(i: number, seed = 1): FixtureArticle {
  const rand = seededRandom(seed * 1_000_003 + i * 7919 + 11);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const person = (): string => `${pick(FIRST)} ${pick(LAST)}`;
  const tpl = TEMPLATES[i % TEMPLATES.length]!;
  const p1 = person();
  const city = pick(CITIES);
  const slots: Slots = {
    city, CITY: city.toUpperCase(), city2: pick(CITIES.filter((c) => c !== city)), country: pick(COUNTRIES), country2: '',
    topic: pick(TOPICS), org: pick(ORGS), day: pick(DAYS), p1, p1last: p1.split(' ')[1]!, p2: person(), p3: person(),
    n1: String(2 + Math.floor(rand() * 20)), n2: String(2 + Math.floor(rand() * 9)), n3: String(100 + Math.floor(rand() * 9000)),
    money: String(10 + Math.floor(rand() * 990)), pct: String(3 + Math.floor(rand() * 40)), pct2: String(2 + Math.floor(rand() * 20)),
    year: String(2010 + Math.floor(rand() * 14)), year2: String(2025 + Math.floor(rand() * 8)),
  };
  slots.country2 = pick(COUNTRIES.filter((c) => c !== slots.country));
  const optional = [...tpl.optional];
  // Shuffle, then keep 3–6 optional paragraphs.
  for (let k = optional.length - 1; k > 0; k--) {
    const j = Math.floor(rand() * (k + 1));
    [optional[k], optional[j]] = [optional[j]!, optional[k]!];
  }
  const keep = optional.slice(0, 3 + Math.floor(rand() * 4));
  const paragraphs = [...tpl.lead, ...keep].map((p) => fill(p, slots));
  const month = 1 + Math.floor(rand() * 12);
  const day = 1 + Math.floor(rand() * 28);
  const publishedAt = `2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const outlet = pick(OUTLETS);
  const id = `gen-${seed}-${i}`;
  return {
    id, title: fill(tpl.title, slots), text: paragraphs.join('\n\n'), source: outlet, publishedAt,
    url: `https://${outlet.toLowerCase().replace(/\s+/g, '')}.example/news/${id}`,
  };
}

/** A syndicated copy: new headline, a line added, a few words changed (a near duplicate of the original). */
export function syndicatedCopy(a: FixtureArticle, outlet = 'Wire Digest'): FixtureArticle {
  const text = a.text.replace(/\bsaid\b/, 'told reporters').replace(/\bexpected\b/, 'likely') + '\n\nThis story was first published by a partner outlet.';
  return { ...a, id: `${a.id}-syndicated`, title: `${a.title} (updated)`, text, source: outlet, url: `https://wire.example/${a.id}` };
}

/** The article as a small HTML page. */
export function toHtml(a: FixtureArticle): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = a.text.split('\n\n').map((p) => `<p>${esc(p)}</p>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(a.title)}</title>
<meta property="og:site_name" content="${esc(a.source)}"><meta property="article:published_time" content="${a.publishedAt}"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>${esc(a.title)}</h1>\n${body}\n</article><footer>Contact us</footer></body></html>`;
}
