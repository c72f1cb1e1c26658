/**
 * /graph — people, organisations and places as nodes; co-occurrence and quotation as edges, and the
 * countries of coded events with directed event edges (GET /api/graph?from=&to=), drawn with Cytoscape.js.
 * Choosing an event edge (or a pair in the list under the drawing) shows that dyad's events per month
 * (GET /api/relations) as a chart and a table. Loaded only on this page (its own chunk),
 * so the graph library does not weigh on the article page. A plain list of the nodes, as links,
 * follows the drawing for keyboard and screen-reader users.
 */
import cytoscape from 'cytoscape';
import { getJson } from '../api.js';
import type { GraphData, RelationsData } from '../../server/web/api-types.js';
import { entityHref, errorBox, h, replaceChildren, setTitle } from '../dom.js';

const CYTOSCAPE_STYLESHEET_ID = '__________cytoscape_stylesheet';
const COLORS: Record<string, string> = { PERSON: '#2563eb', ORG: '#b45309', PLACE: '#047857', GPE: '#047857', LOC: '#047857', COUNTRY: '#dc2626' };
const EVENT_COLOR = '#dc2626';

export async function graphPage(main: HTMLElement): Promise<void> {
  setTitle('Graph');
  const params = new URLSearchParams(location.search);
  const from = h('input', { id: 'g-from', name: 'from', type: 'date', value: params.get('from') ?? '' });
  const to = h('input', { id: 'g-to', name: 'to', type: 'date', value: params.get('to') ?? '' });
  const form = h('form', { class: 'graph-form', method: 'get', action: '/graph' },
    h('div', { class: 'field' }, h('label', { for: 'g-from' }, 'From'), from),
    h('div', { class: 'field' }, h('label', { for: 'g-to' }, 'To'), to),
    h('button', { type: 'submit', class: 'primary' }, 'Filter'));
  const canvas = h('div', { id: 'graph', class: 'graph', role: 'img', 'aria-label': 'Graph of people, organisations and places' });
  const summary = h('p', { class: 'muted', id: 'graph-summary', 'aria-live': 'polite' });
  const list = h('div', { class: 'node-list' });
  const legend = h('p', { class: 'legend' },
    h('span', { class: 'key key-person' }, 'Person'), h('span', { class: 'key key-org' }, 'Organisation'), h('span', { class: 'key key-place' }, 'Place'),
    h('span', { class: 'key key-quote' }, 'quoted →'), h('span', { class: 'key key-co' }, 'named together'),
    h('span', { class: 'key key-country' }, 'Country'), h('span', { class: 'key key-event' }, 'events →'));
  const dyads = h('section', { class: 'dyads', 'aria-labelledby': 'dyads-title' });
  const dyad = h('section', { id: 'dyad', class: 'dyad', 'aria-live': 'polite' });
  replaceChildren(main, h('h1', null, 'Who is connected to whom'), form, legend, summary, canvas, dyads, dyad, list);

  const data = await getJson<GraphData>('/api/graph', { from: params.get('from'), to: params.get('to') });
  const ids = new Set(data.nodes.map((n) => n.id));
  const edges = data.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  summary.textContent = `${data.nodes.length} names, ${edges.length} links${params.get('from') || params.get('to') ? ' in the chosen dates' : ''}.`;
  main.dataset.nodes = String(data.nodes.length);
  main.dataset.edges = String(edges.length);
  if (data.nodes.length === 0) {
    replaceChildren(canvas, errorBox('No names in this date range.'));
    return;
  }
  // Cytoscape adds a <style> element unless one with this id exists; the strict CSP would block it,
  // and app.css already holds its one rule (the container is position: relative).
  if (document.getElementById(CYTOSCAPE_STYLESHEET_ID) === null) document.head.append(h('meta', { id: CYTOSCAPE_STYLESHEET_ID, name: 'cytoscape-style', content: 'app.css' }));
  const maxW = Math.max(1, ...data.nodes.map((n) => n.weight));
  const cy = cytoscape({
    container: canvas,
    elements: [
      ...data.nodes.map((n) => ({ data: { id: n.id, label: n.label, type: n.type, size: 18 + 30 * (n.weight / maxW), color: COLORS[n.type] ?? '#6b7280' } })),
      ...edges.map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target, kind: e.kind, width: Math.min(8, 1 + e.weight) } })),
    ],
    style: [
      { selector: 'node', style: { label: 'data(label)', width: 'data(size)', height: 'data(size)', 'background-color': 'data(color)', 'font-size': 11, color: '#111827', 'text-valign': 'bottom', 'text-margin-y': 3 } },
      { selector: 'edge', style: { width: 'data(width)', 'line-color': '#cbd5e1', 'curve-style': 'bezier', opacity: 0.8 } },
      { selector: 'edge[kind = "quote"]', style: { 'line-color': '#7c3aed', 'target-arrow-color': '#7c3aed', 'target-arrow-shape': 'triangle' } },
      { selector: 'edge[kind = "event"]', style: { 'line-color': EVENT_COLOR, 'target-arrow-color': EVENT_COLOR, 'target-arrow-shape': 'triangle' } },
      { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#111827' } },
    ],
    layout: { name: 'cose', animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 80 },
    wheelSensitivity: 0.3,
  });
  cy.on('tap', 'node', (ev) => {
    const node = ev.target as cytoscape.NodeSingular;
    const type = String(node.data('type'));
    location.assign(entityHref(String(node.data('label')), type === 'COUNTRY' ? 'PLACE' : type));
  });
  const labelOf = new Map(data.nodes.map((n) => [n.id, n.label]));
  const showDyad = (a: string, b: string): void => void loadDyad(dyad, a, b, labelOf, params);
  cy.on('tap', 'edge[kind = "event"]', (ev) => {
    const edge = ev.target as cytoscape.EdgeSingular;
    showDyad(String(edge.data('source')), String(edge.data('target')));
  });
  // Every pair of countries with events, as buttons (keyboard and screen readers reach the charts too).
  const pairs = new Map<string, { a: string; b: string; n: number }>();
  for (const e of edges) {
    if (e.kind !== 'event') continue;
    const [a, b] = [e.source, e.target].sort() as [string, string];
    const key = `${a} ${b}`;
    const p = pairs.get(key) ?? { a, b, n: 0 };
    p.n += e.weight;
    pairs.set(key, p);
  }
  if (pairs.size > 0) {
    replaceChildren(dyads, h('h2', { id: 'dyads-title' }, 'Events between countries'),
      h('ul', { class: 'dyad-list' }, [...pairs.values()].sort((x, y) => y.n - x.n).map((p) =>
        h('li', null, h('button', { type: 'button', class: 'dyad-button', 'data-a': p.a, 'data-b': p.b },
          `${labelOf.get(p.a) ?? p.a} and ${labelOf.get(p.b) ?? p.b}`), h('span', { class: 'muted' }, ` (${p.n} event${p.n === 1 ? '' : 's'})`)))));
    for (const button of dyads.querySelectorAll<HTMLButtonElement>('button.dyad-button')) {
      button.addEventListener('click', () => showDyad(button.dataset.a ?? '', button.dataset.b ?? ''));
    }
  }
  const sorted = [...data.nodes].sort((a, b) => b.weight - a.weight || a.label.localeCompare(b.label));
  replaceChildren(list, h('details', null, h('summary', null, 'All names as a list'),
    h('ul', { class: 'nodes' }, sorted.map((n) => h('li', null, h('a', { href: entityHref(n.label, n.type) }, n.label), h('span', { class: 'muted' }, ` (${n.weight})`))))));
}

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A country node id ("cLVA") → its code for /api/relations. */
const codeOf = (id: string): string => (id.startsWith('c') ? id.slice(1) : id);

/**
 * One dyad's events per month: bars for each direction (events that period) and the cooperation–conflict
 * index (mean Goldstein score of the events done) under them; the same figures as a table.
 */
async function loadDyad(target: HTMLElement, a: string, b: string, labelOf: ReadonlyMap<string, string>, params: URLSearchParams): Promise<void> {
  const nameA = labelOf.get(a) ?? codeOf(a);
  const nameB = labelOf.get(b) ?? codeOf(b);
  replaceChildren(target, h('p', { class: 'muted' }, `Loading the events between ${nameA} and ${nameB}…`));
  let data: RelationsData;
  try {
    data = await getJson<RelationsData>('/api/relations', { a: codeOf(a), b: codeOf(b), by: 'month' });
  } catch (e) {
    replaceChildren(target, errorBox(e instanceof Error ? e.message : String(e)));
    return;
  }
  const from = params.get('from');
  const to = params.get('to');
  const periods = data.periods.filter((p) => (!from || p.period >= from.slice(0, 7)) && (!to || p.period <= to.slice(0, 7)));
  const count = (c: RelationsData['periods'][number]['aToB']): number => c.quad.reduce((x, y) => x + y, 0);
  const max = Math.max(1, ...periods.map((p) => Math.max(count(p.aToB), count(p.bToA))));
  const col = 56;
  const height = 150;
  const chart = svg('svg', { class: 'dyad-chart', viewBox: `0 0 ${Math.max(1, periods.length) * col + 20} ${height + 44}`, role: 'img', 'aria-label': `Events between ${nameA} and ${nameB} per month` });
  periods.forEach((p, i) => {
    const x = 10 + i * col;
    const bar = (n: number, dx: number, cls: string): void => {
      const hgt = (n / max) * height;
      chart.append(svg('rect', { class: cls, x: x + dx, y: height - hgt, width: 18, height: Math.max(hgt, n > 0 ? 1 : 0) }));
    };
    bar(count(p.aToB), 6, 'bar-ab');
    bar(count(p.bToA), 26, 'bar-ba');
    chart.append(svg('text', { x: x + col / 2 - 6, y: height + 16, 'text-anchor': 'middle', class: 'axis' }, p.period));
    chart.append(svg('text', { x: x + col / 2 - 6, y: height + 34, 'text-anchor': 'middle', class: 'index' }, p.index === null ? '–' : p.index.toFixed(1)));
  });
  const quad = (c: RelationsData['periods'][number]['aToB']): string => c.quad.join(' / ');
  const table = h('table', { class: 'dyad-table' },
    h('caption', null, `${nameA} and ${nameB}: ${data.total} event${data.total === 1 ? '' : 's'} by month${data.undated ? ` (${data.undated} without a month)` : ''}`),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Month'), h('th', { scope: 'col' }, `${nameA} → ${nameB} (quad 1/2/3/4)`),
      h('th', { scope: 'col' }, `${nameB} → ${nameA} (quad 1/2/3/4)`), h('th', { scope: 'col' }, 'Negated'), h('th', { scope: 'col' }, 'Expected'), h('th', { scope: 'col' }, 'Index'))),
    h('tbody', null, periods.map((p) => h('tr', null, h('th', { scope: 'row' }, p.period), h('td', null, quad(p.aToB)), h('td', null, quad(p.bToA)),
      h('td', null, p.aToB.negated + p.bToA.negated), h('td', null, p.aToB.notYet + p.bToA.notYet), h('td', null, p.index === null ? '–' : p.index.toFixed(2))))));
  replaceChildren(target,
    h('h2', null, `${nameA} and ${nameB} over time`),
    h('p', { class: 'legend' }, h('span', { class: 'key key-ab' }, `${nameA} → ${nameB}`), h('span', { class: 'key key-ba' }, `${nameB} → ${nameA}`),
      h('span', { class: 'muted' }, 'Under each month: the index, the mean Goldstein score of the events done (−10 conflict … +10 cooperation).')),
    chart, table);
  target.dataset.periods = String(periods.length);
}
