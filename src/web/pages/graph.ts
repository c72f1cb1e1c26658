/**
 * /graph — people, organisations and places as nodes; co-occurrence and quotation as edges
 * (GET /api/graph?from=&to=), drawn with Cytoscape.js. Loaded only on this page (its own chunk),
 * so the graph library does not weigh on the article page. A plain list of the nodes, as links,
 * follows the drawing for keyboard and screen-reader users.
 */
import cytoscape from 'cytoscape';
import { getJson } from '../api.js';
import type { GraphData } from '../../server/web/api-types.js';
import { entityHref, errorBox, h, replaceChildren, setTitle } from '../dom.js';

const CYTOSCAPE_STYLESHEET_ID = '__________cytoscape_stylesheet';
const COLORS: Record<string, string> = { PERSON: '#2563eb', ORG: '#b45309', PLACE: '#047857', GPE: '#047857', LOC: '#047857' };

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
    h('span', { class: 'key key-quote' }, 'quoted →'), h('span', { class: 'key key-co' }, 'named together'));
  replaceChildren(main, h('h1', null, 'Who is connected to whom'), form, legend, summary, canvas, list);

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
      { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#111827' } },
    ],
    layout: { name: 'cose', animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 80 },
    wheelSensitivity: 0.3,
  });
  cy.on('tap', 'node', (ev) => {
    const node = ev.target as cytoscape.NodeSingular;
    location.assign(entityHref(String(node.data('label')), String(node.data('type'))));
  });
  const sorted = [...data.nodes].sort((a, b) => b.weight - a.weight || a.label.localeCompare(b.label));
  replaceChildren(list, h('details', null, h('summary', null, 'All names as a list'),
    h('ul', { class: 'nodes' }, sorted.map((n) => h('li', null, h('a', { href: entityHref(n.label, n.type) }, n.label), h('span', { class: 'muted' }, ` (${n.weight})`))))));
}
