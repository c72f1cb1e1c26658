/**
 * / and /explain — paste text or HTML, upload a file or give a URL, and get a brief on the spot
 * (POST /api/explain); below, the latest articles of the corpus when the server has one.
 */
import { ApiError, explainArticle, getJson, type ExplainRequest } from '../api.js';
import type { ArticleList } from '../../server/web/api-types.js';
import { renderArticleView } from '../article-view.js';
import { errorBox, evidenceHref, h, replaceChildren, setTitle, shortDate } from '../dom.js';

/** Text that starts like markup is sent as HTML (extracted server-side), anything else as text. */
export function looksLikeHtml(s: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>]|<main|<section)/i.test(s);
}

function articleList(list: ArticleList): HTMLElement {
  return h('ul', { class: 'article-list' }, list.items.map((a) =>
    h('li', null,
      h('a', { href: evidenceHref(a.id) }, a.title ?? a.id),
      h('span', { class: 'muted' }, [a.source, shortDate(a.publishedAt)].filter(Boolean).join(' · ')),
      a.snippet ? h('p', { class: 'snippet' }, a.snippet) : null)));
}

export { articleList };

export function homePage(main: HTMLElement): void {
  setTitle('Explain an article');
  const textarea = h('textarea', { id: 'paste', name: 'paste', rows: 10, placeholder: 'Paste the article text or its HTML page here…' });
  const file = h('input', { id: 'file', type: 'file', accept: '.txt,.html,.htm,text/plain,text/html' });
  const url = h('input', { id: 'url', type: 'url', placeholder: 'https://…', inputmode: 'url' });
  const date = h('input', { id: 'date', type: 'date' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Explain');
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const result = h('div', { id: 'result' });
  const form = h('form', { class: 'explain-form', 'aria-label': 'Explain an article' },
    h('h1', null, 'Explain an article'),
    h('label', { for: 'paste' }, 'Article text or HTML'), textarea,
    h('div', { class: 'row' },
      h('div', null, h('label', { for: 'file' }, 'or upload a file'), file),
      h('div', null, h('label', { for: 'url' }, 'or give its URL'), url),
      h('div', null, h('label', { for: 'date' }, 'Reference date (optional)'), date)),
    h('p', { class: 'hint muted' }, 'The reference date resolves words like “Monday” and “next month”.'),
    submit, status);

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void (async () => {
      let body: ExplainRequest | null = null;
      const f = file.files?.[0];
      if (url.value.trim() !== '') body = { url: url.value.trim() };
      else if (textarea.value.trim() !== '') body = looksLikeHtml(textarea.value) ? { html: textarea.value } : { text: textarea.value };
      else if (f !== undefined) {
        const content = await f.text();
        body = /\.html?$/i.test(f.name) || f.type === 'text/html' || looksLikeHtml(content) ? { html: content } : { text: content };
      }
      if (body === null) {
        replaceChildren(status, errorBox('Paste an article, choose a file or give a URL first.'));
        return;
      }
      submit.disabled = true;
      replaceChildren(status, 'Explaining…');
      replaceChildren(result);
      try {
        const brief = await explainArticle(body, date.value || undefined);
        const view = renderArticleView(brief);
        replaceChildren(status, `Explained: ${brief.entities.length} names, ${brief.quotes.length} attributions, ${brief.figures.length} numbers.`);
        replaceChildren(result, view.root);
        view.root.querySelector('h1')?.setAttribute('tabindex', '-1');
        (view.root.querySelector('h1') as HTMLElement | null)?.focus();
      } catch (e) {
        replaceChildren(status, errorBox(e instanceof ApiError ? `${e.message} (${e.code})` : String(e)));
      } finally {
        submit.disabled = false;
      }
    })();
  });

  const recent = h('section', { class: 'recent', 'aria-labelledby': 'recent-h' });
  replaceChildren(main, form, result, recent);
  getJson<ArticleList>('/api/articles', { limit: 20 }).then(
    (list) => {
      if (list.items.length > 0) replaceChildren(recent, h('h2', { id: 'recent-h' }, 'Latest articles'), articleList(list));
    },
    (e: unknown) => {
      // A server without a corpus answers NO_STORE: the explain form is all there is.
      if (!(e instanceof ApiError && e.code === 'NO_STORE')) replaceChildren(recent, errorBox(`Could not list articles: ${String(e instanceof Error ? e.message : e)}`));
    },
  );
}
