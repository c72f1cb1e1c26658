/**
 * Building DOM nodes without markup strings. Every piece of text becomes a text node, attributes are
 * set one by one, event-handler attributes are refused and links may only point to this site's pages
 * or to http(s) addresses. Nothing here parses HTML, so article content cannot become markup.
 *
 * @example
 * h('p', { class: 'dek' }, brief.article.dek)   // <p class="dek">…text…</p>
 * h('a', { href: '/person/' + enc(name) }, name)
 */
export type Child = Node | string | number | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | null | undefined>;

/** True for a link target we are willing to render: a path on this site, or an http(s) URL. */
export function isSafeHref(href: string): boolean {
  if (href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/\\')) return true;
  if (href.startsWith('#') || href.startsWith('?')) return true;
  try {
    const u = new URL(href);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Create an element with attributes and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (/^on/i.test(name) || name === 'style' || name === 'srcdoc') throw new Error(`h(): attribute ${name} is not allowed`);
      if ((name === 'href' || name === 'src' || name === 'action') && !isSafeHref(String(value))) continue;
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Append children (nested arrays flattened; strings and numbers as text nodes). */
export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children) {
    if (Array.isArray(child)) append(parent, child);
    else if (child === null || child === undefined || child === false) continue;
    else if (typeof child === 'string' || typeof child === 'number') parent.appendChild(document.createTextNode(String(child)));
    else parent.appendChild(child);
  }
}

/** Replace all children of `el`. */
export function replaceChildren(el: Element, ...children: (Child | Child[])[]): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  append(el, children);
}

/** Encode a name for a path segment. */
export function enc(s: string): string {
  return encodeURIComponent(s);
}

/** Page link for an entity: people get /person/, organisations and places /entity/. */
export function entityHref(name: string, type: string | null | undefined): string {
  return `${type === 'PERSON' ? '/person/' : '/entity/'}${enc(name)}`;
}

/** Link to an article page with a piece of evidence selected. */
export function evidenceHref(articleId: string, start?: number | null, end?: number | null): string {
  const base = `/a/${enc(articleId)}`;
  return typeof start === 'number' && typeof end === 'number' ? `${base}#ev=${start}-${end}` : base;
}

/** "2024-06-14" from an ISO date or date-time; null stays null. */
export function shortDate(iso: string | null | undefined): string | null {
  if (typeof iso !== 'string' || iso === '') return null;
  return iso.slice(0, 10);
}

/** An alert box for an error message. */
export function errorBox(message: string): HTMLElement {
  return h('p', { class: 'error', role: 'alert' }, message);
}

/** Set the document title. */
export function setTitle(title: string): void {
  document.title = `${title} · briefly`;
}
