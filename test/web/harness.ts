// Shared by the browser tests: where Chromium is, how it is launched, pages that record console errors
// and dialogs, screenshots, and the highlight checks of the article page.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Brief } from '../../src/brief/schema.js';
import { projectRoot } from '../../src/data/paths.js';

export const CHROMIUM = process.env.BRIEFLY_CHROMIUM ?? '/usr/bin/chromium';
export const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
export const artifacts = path.join(projectRoot(), 'test-artifacts', 'web');
export const haveChromium = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true' || process.env.CI === '1';
/** The suite's skip reason: Chromium is absent outside CI (under CI=true the suite runs and fails in its before hook). */
export const skip = haveChromium || inCi ? false : `browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set BRIEFLY_CHROMIUM)`;

/** A page that records console errors, uncaught exceptions and dialogs. */
export interface Watched {
  page: Page;
  context: BrowserContext;
  errors: string[];
  dialogs: string[];
}

/** Open `base + pathname` in a fresh context and wait for the client to finish rendering. */
export async function open(browser: Browser, base: string, pathname: string, viewport = { width: 1280, height: 800 }): Promise<Watched> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(base + pathname);
  await page.waitForSelector('main[data-ready]', { timeout: 20_000 });
  return { page, context, errors, dialogs };
}

export async function shot(w: Watched, name: string): Promise<void> {
  await w.page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/** No console errors, no dialogs, the page rendered; then close it. */
export async function done(w: Watched): Promise<void> {
  assert.deepEqual(w.errors, [], 'no console errors');
  assert.deepEqual(w.dialogs, [], 'no dialogs');
  assert.equal(await w.page.locator('main').getAttribute('data-ready'), 'true');
  await w.context.close();
}

/** Text of the highlighted evidence, and whether its first piece is visible (in the window and in its scroll pane). */
export async function highlightState(page: Page): Promise<{ text: string; visible: boolean; count: number }> {
  return page.evaluate(() => {
    const spans = [...document.querySelectorAll<HTMLElement>('.article-text span.hl')];
    const first = spans[0];
    let visible = false;
    if (first !== undefined) {
      const r = first.getBoundingClientRect();
      const pane = document.querySelector('.text-pane')?.getBoundingClientRect();
      const inWindow = r.top >= 0 && r.bottom <= window.innerHeight;
      const inPane = pane === undefined || getComputedStyle(document.querySelector('.text-pane') as Element).overflowY !== 'auto' || (r.top >= pane.top && r.bottom <= pane.bottom);
      visible = inWindow && inPane;
    }
    return { text: spans.map((s) => s.textContent).join(''), visible, count: spans.length };
  });
}

/** Boxes of the article's paragraphs and the brief's items within their panes (scrolling aside): unchanged means no layout shift. */
export async function layoutSnapshot(page: Page): Promise<string> {
  return page.evaluate(() => JSON.stringify([...document.querySelectorAll<HTMLElement>('.article-text > *, .brief-pane li')].map((el) =>
    [el.offsetLeft, el.offsetTop, el.offsetWidth, el.offsetHeight])));
}

/** The text an evidence button should highlight: its quote's pieces, or its whole span. */
export function expectedHighlight(b: Brief, start: number, end: number): string {
  const q = b.quotes.find((x) => x.start === start && x.end === end && x.fragments.length > 1);
  return q === undefined ? b.article.text.slice(start, end) : q.fragments.map((f) => b.article.text.slice(f.start, f.end)).join('');
}
