/**
 * The article page: a brief laid out as an explainer beside the article text it came from.
 *
 * The text is rendered once as text nodes inside spans cut at every evidence boundary (items,
 * quote fragments, entity mentions), so highlighting a span is toggling a class on the spans it
 * covers: background and outline only, which never move a line (no layout shift). Items with
 * evidence are buttons: click (or Enter/Space) highlights the evidence and scrolls it into view.
 * Hovering or focusing an entity highlights all its mentions; clicking it steps through them.
 * The order and wording of sections come from the shared view model (src/brief/render-view.ts),
 * as in the Markdown and HTML renderers.
 */
import type { Brief, Entity } from '../brief/schema.js';
import { buildBriefView, squashSpace, type Part, type ViewItem } from '../brief/render-view.js';
import { h, entityHref, isSafeHref, shortDate, type Child } from './dom.js';

interface Seg {
  start: number;
  end: number;
  el: HTMLElement;
}

/** What the page can do once rendered. */
export interface ArticleViewHandle {
  root: HTMLElement;
  /** Highlight ranges [start, end) as the selected evidence and scroll the first into view; false when nothing is there. */
  select(ranges: [number, number][], scroll?: boolean): boolean;
  /** Highlight every mention of an entity (null clears). */
  showMentions(entity: Entity | null): void;
}

export interface ArticleViewOptions {
  /** Stored article id: evidence selections are written to the URL hash (#ev=start-end) to share. */
  articleId?: string;
}

const CLS_SELECTED = 'hl';
const CLS_MENTION = 'mention';

/** [start, end) of each paragraph (blocks separated by blank lines). */
function paragraphs(text: string): [number, number][] {
  const out: [number, number][] = [];
  const re = /\n[ \t\r\f\v]*\n\s*/g;
  let start = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m.index > start) out.push([start, m.index]);
    start = m.index + m[0].length;
  }
  if (start < text.length) out.push([start, text.length]);
  return out;
}

function validSpan(s: { start?: number | null; end?: number | null }, len: number): s is { start: number; end: number } {
  return typeof s.start === 'number' && typeof s.end === 'number' && s.start >= 0 && s.end <= len && s.start < s.end;
}

/** Every offset at which a highlight may start or stop. */
function boundaries(brief: Brief): number[] {
  const len = brief.article.text.length;
  const cuts = new Set<number>();
  const add = (s: { start?: number | null; end?: number | null }): void => {
    if (validSpan(s, len)) {
      cuts.add(s.start);
      cuts.add(s.end);
    }
  };
  for (const e of brief.entities) e.mentions.forEach(add);
  for (const q of brief.quotes) {
    add(q);
    q.fragments.forEach(add);
  }
  for (const list of [brief.figures, brief.wants, brief.timeline, brief.outlook, brief.sources, brief.article.headings]) list.forEach(add);
  return [...cuts].sort((a, b) => a - b);
}

/** Render article.text into paragraphs of offset-tagged spans. */
function renderText(brief: Brief): { el: HTMLElement; segs: Seg[] } {
  const text = brief.article.text;
  const cuts = boundaries(brief);
  const headingStarts = new Set(brief.article.headings.filter((x) => validSpan(x, text.length)).map((x) => x.start as number));
  const segs: Seg[] = [];
  const body = h('div', { class: 'article-text', id: 'article-text', lang: brief.article.language ?? null });
  let ci = 0;
  for (const [ps, pe] of paragraphs(text)) {
    const block = headingStarts.has(ps) ? h('h3', { class: 'text-heading' }) : h('p');
    while (ci < cuts.length && (cuts[ci] as number) <= ps) ci++;
    let at = ps;
    let cj = ci;
    const frag = document.createDocumentFragment();
    while (at < pe) {
      const next = cj < cuts.length && (cuts[cj] as number) < pe ? (cuts[cj] as number) : pe;
      const span = document.createElement('span');
      span.appendChild(document.createTextNode(text.slice(at, next)));
      frag.appendChild(span);
      segs.push({ start: at, end: next, el: span });
      at = next;
      cj++;
    }
    block.appendChild(frag);
    body.appendChild(block);
  }
  return { el: body, segs };
}

/** Index of the first segment whose end is after `pos`. */
function firstSeg(segs: Seg[], pos: number): number {
  let lo = 0;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((segs[mid] as Seg).end <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function segsIn(segs: Seg[], start: number, end: number): Seg[] {
  const out: Seg[] = [];
  for (let i = firstSeg(segs, start); i < segs.length && (segs[i] as Seg).start < end; i++) out.push(segs[i] as Seg);
  return out;
}

function partsToNodes(parts: Part[]): Child[] {
  return parts.map((p) => {
    if (p.style === 'strong') return h('strong', null, p.text);
    if (p.style === 'em') return h('em', null, p.text);
    if (p.style === 'muted') return h('span', { class: 'muted' }, p.text);
    return p.text;
  });
}

function describe(e: Entity): string {
  return [e.role, e.affiliation].filter((x): x is string => typeof x === 'string' && x.trim() !== '').map(squashSpace).join(', ');
}

const TYPE_LABEL: Record<string, string> = { PERSON: 'People', ORG: 'Organisations', PLACE: 'Places', MISC: 'Other names' };

/**
 * Render a brief and its article text.
 *
 * @example
 * const view = renderArticleView(brief, { articleId: 'grid-deal' });
 * main.append(view.root);
 */
export function renderArticleView(brief: Brief, opts: ArticleViewOptions = {}): ArticleViewHandle {
  const t0 = performance.now();
  performance.mark('brief-render-start');
  const text = brief.article.text;
  const { el: textEl, segs } = renderText(brief);
  let selected: Seg[] = [];
  let mentioned: Seg[] = [];
  let activeButton: HTMLElement | null = null;

  const select = (ranges: [number, number][], scroll = true): boolean => {
    for (const s of selected) s.el.classList.remove(CLS_SELECTED);
    selected = [];
    for (const [start, end] of ranges) if (validSpan({ start, end }, text.length)) selected.push(...segsIn(segs, start, end));
    for (const s of selected) s.el.classList.add(CLS_SELECTED);
    const first = selected[0];
    if (first === undefined) return false;
    if (scroll) first.el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'auto' });
    return true;
  };

  const showMentions = (entity: Entity | null): void => {
    for (const s of mentioned) s.el.classList.remove(CLS_MENTION);
    mentioned = [];
    if (entity === null) return;
    for (const m of entity.mentions) if (validSpan(m, text.length)) mentioned.push(...segsIn(segs, m.start, m.end));
    for (const s of mentioned) s.el.classList.add(CLS_MENTION);
  };

  // On one column (a phone) the text is below the brief: after a jump to the evidence, a floating
  // button leads back to the item (fixed position: it moves nothing).
  const back = h('button', { type: 'button', class: 'back-to-item', hidden: true }, '↑ Back to the brief');
  back.addEventListener('click', () => {
    back.hidden = true;
    if (activeButton === null) return;
    activeButton.scrollIntoView({ block: 'center', behavior: 'auto' });
    activeButton.focus();
  });

  const activate = (button: HTMLElement, start: number, end: number, ranges: [number, number][] = [[start, end]]): void => {
    if (activeButton !== null) activeButton.setAttribute('aria-pressed', 'false');
    activeButton = button;
    button.setAttribute('aria-pressed', 'true');
    select(ranges);
    back.hidden = getComputedStyle(root).gridTemplateColumns.trim().split(/\s+/).length > 1;
    if (opts.articleId !== undefined) history.replaceState(null, '', `#ev=${start}-${end}`);
  };

  // A quote split by its attribution ("A," she said. "B.") highlights its pieces, not the words between them.
  const fragmentsOf = new Map<string, [number, number][]>();
  for (const q of brief.quotes) {
    if (typeof q.start === 'number' && typeof q.end === 'number' && q.fragments.length > 1) {
      fragmentsOf.set(`${q.start}-${q.end}`, q.fragments.map((f) => [f.start, f.end]));
    }
  }

  /** A clickable evidence item, or plain text when the evidence has no offsets into the body. */
  const evidenceItem = (item: ViewItem): HTMLElement => {
    const content = partsToNodes(item.parts);
    if (!validSpan(item, text.length)) return h('li', null, h('span', { class: 'ev-none', title: 'Evidence outside the article body' }, content));
    const start = item.start as number;
    const end = item.end as number;
    const ranges = fragmentsOf.get(`${start}-${end}`) ?? [[start, end]];
    const button = h('button', {
      type: 'button', class: 'ev', 'data-start': start, 'data-end': end, 'data-ranges': ranges.map(([s, e]) => `${s}-${e}`).join(','),
      'aria-pressed': 'false', 'aria-controls': 'article-text',
    }, content);
    button.addEventListener('click', () => activate(button, start, end, ranges));
    return h('li', null, button);
  };

  const entityButton = (e: Entity): HTMLElement => {
    const detail = describe(e);
    const country = e.country !== null && e.country.trim() !== '' && e.type === 'PERSON' ? ` (${squashSpace(e.country)})` : '';
    const button = h('button', { type: 'button', class: `ent ent-${e.type.toLowerCase()}`, 'data-entity': e.id, 'aria-pressed': 'false', 'aria-controls': 'article-text' },
      h('strong', null, squashSpace(e.name)), detail !== '' ? h('span', null, `, ${detail}`) : null, country !== '' ? h('span', { class: 'muted' }, country) : null,
      h('span', { class: 'count' }, ` ×${e.mentions.length}`));
    let next = 0;
    button.addEventListener('mouseenter', () => showMentions(e));
    button.addEventListener('mouseleave', () => showMentions(null));
    button.addEventListener('focus', () => showMentions(e));
    button.addEventListener('blur', () => showMentions(null));
    button.addEventListener('click', () => {
      const mentions = e.mentions.filter((m) => validSpan(m, text.length));
      const m = mentions[next % Math.max(1, mentions.length)];
      next++;
      if (m !== undefined) activate(button, m.start, m.end);
    });
    return h('li', { class: 'ent-row' }, button, h('a', { class: 'profile', href: entityHref(e.name, e.type), 'aria-label': `${e.name}: page across articles` }, '→'));
  };

  const view = buildBriefView(brief);
  const byName = new Map(brief.entities.map((e) => [squashSpace(e.name), e] as const));
  const a = brief.article;

  const meta: Child[] = [];
  const date = shortDate(a.publishedAt);
  if (a.publisher) meta.push(h('span', { class: 'outlet' }, a.publisher));
  if (date) meta.push(h('time', { datetime: date }, date));
  if (a.byline.length > 0) meta.push(h('span', null, `By ${a.byline.join(', ')}`));
  const url = a.canonicalUrl ?? a.url ?? null;
  if (url !== null && isSafeHref(url) && /^https?:/i.test(url)) meta.push(h('a', { href: url, rel: 'noopener noreferrer nofollow', target: '_blank' }, 'Original'));

  const sections: HTMLElement[] = [];
  // Who's involved: one button per entity (hover shows its mentions), grouped by kind.
  const whoGroups: HTMLElement[] = [];
  for (const type of ['PERSON', 'ORG', 'PLACE'] as const) {
    const list = brief.entities.filter((e) => e.type === type && e.name.trim() !== '' && e.mentions.length > 0);
    if (list.length === 0) continue;
    whoGroups.push(h('h3', null, TYPE_LABEL[type] ?? type), h('ul', { class: 'items entities' }, list.map(entityButton)));
  }
  if (whoGroups.length > 0) sections.push(h('section', { class: 'sec sec-who', 'aria-labelledby': 'sec-who' }, h('h2', { id: 'sec-who' }, "Who's involved"), whoGroups));

  for (const section of view.sections) {
    if (section.id === 'who') continue;
    const groups = section.groups.map((g) => {
      let heading: HTMLElement | null = null;
      if (g.heading !== null) {
        const name = g.heading[0]?.text ?? '';
        const entity = byName.get(name);
        const rest = partsToNodes(g.heading.slice(1));
        heading = h('h3', { class: 'group' }, entity !== undefined ? h('a', { href: entityHref(entity.name, entity.type) }, name) : name, rest);
      }
      return h('div', { class: 'group-block' }, heading, h('ul', { class: 'items' }, g.items.map(evidenceItem)));
    });
    sections.push(h('section', { class: `sec sec-${section.id}`, 'aria-labelledby': `sec-${section.id}` }, h('h2', { id: `sec-${section.id}` }, section.title), groups));
  }

  const briefPane = h('div', { class: 'brief-pane' },
    h('header', { class: 'brief-head' },
      h('h1', null, view.title),
      view.dek !== null ? h('p', { class: 'dek' }, view.dek) : null,
      meta.length > 0 ? h('p', { class: 'meta' }, meta) : null,
      view.gist !== null ? h('p', { class: 'gist' }, h('span', { class: 'label' }, 'Gist: '), view.gist) : null),
    sections.length > 0 ? sections : h('p', { class: 'muted' }, 'No people, quotes, numbers or dates were found in this article.'),
    view.footer !== null ? h('p', { class: 'footer muted' }, view.footer) : null);
  const textPane = h('section', { class: 'text-pane', 'aria-label': 'Article text' }, h('h2', { class: 'pane-title' }, 'Article text'), textEl);
  const root = h('div', { class: 'article-layout' }, briefPane, textPane, back);

  performance.mark('brief-render-end');
  performance.measure('brief-render', 'brief-render-start', 'brief-render-end');
  root.dataset.renderMs = (performance.now() - t0).toFixed(2);
  return { root, select, showMentions };
}

/** Apply a `#ev=start-end` hash to a rendered view (after it is in the document). */
export function applyEvidenceHash(view: ArticleViewHandle, hash: string): void {
  const m = /^#ev=(\d+)-(\d+)$/.exec(hash);
  if (m === null) return;
  const start = Number(m[1]);
  const end = Number(m[2]);
  const button = view.root.querySelector<HTMLElement>(`button.ev[data-start="${start}"][data-end="${end}"]`);
  if (button !== null) button.click();
  else view.select([[start, end]]);
}
