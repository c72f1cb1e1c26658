/**
 * Spans: half-open `{start, end}` ranges of JavaScript string positions into
 * one document text. Layers (sentences, tokens, entities, quotes) are spans.
 */
export interface Span {
  start: number;
  end: number;
}

export function spanText(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

export function contains(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Shrink a span so it neither starts nor ends with white space (or the given extra characters). */
export function trimSpan(text: string, span: Span, extra = ''): Span {
  let { start, end } = span;
  const isTrim = (ch: string | undefined): boolean => ch !== undefined && (/\s/u.test(ch) || extra.includes(ch));
  while (start < end && isTrim(text[start])) start++;
  while (end > start && isTrim(text[end - 1])) end--;
  return { start, end };
}

/** Binary search: the index of the first span that starts at or after pos (spans sorted by start), or spans.length. */
export function firstStartingAt(spans: readonly Span[], pos: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Binary search: index of the first span whose end is > pos (spans sorted, non-overlapping). */
export function findSpanAt<T extends Span>(spans: readonly T[], pos: number): T | undefined {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid]!;
    if (pos < s.start) hi = mid - 1;
    else if (pos >= s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/** Collapse runs of white space (including no-break spaces) for display and comparison. */
export function collapseWhitespace(s: string): string {
  return s.replace(/\s+/gu, ' ').trim();
}

/**
 * The spans of a list sorted by start that lie within `outer`, found by
 * binary search (layers are sorted; a linear scan per sentence would make
 * long inputs quadratic).
 */
export function spansWithin<T extends Span>(sorted: readonly T[], outer: Span): T[] {
  const out: T[] = [];
  for (let i = firstStartingAt(sorted, outer.start); i < sorted.length && sorted[i]!.start < outer.end; i++) if (sorted[i]!.end <= outer.end) out.push(sorted[i]!);
  return out;
}

/**
 * The first span of a list sorted by start that overlaps `span` and passes `test`, found by binary search
 * from `longest` characters before it (no span of the list is longer), or undefined.
 */
export function findOverlapping<T extends Span>(sorted: readonly T[], span: Span, longest: number, test?: (s: T) => boolean): T | undefined {
  for (let i = firstStartingAt(sorted, span.start - longest); i < sorted.length && sorted[i]!.start < span.end; i++) {
    const s = sorted[i]!;
    if (s.end > span.start && (test === undefined || test(s))) return s;
  }
  return undefined;
}
