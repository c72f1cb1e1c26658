/**
 * A table of the short strings read from pages (internSlice), and detached copies of strings.
 * Its own module so that the parser (parse.ts) and the class/id cue reader (cues.ts), which the
 * parser calls, share it without importing each other.
 */
/**
 * Short strings read from the page (tag and attribute names, class values, short texts such as
 * the white space between tags) come from a table of the ones seen before rather than as new
 * strings: most of them repeat thousands of times per page and across pages (templates), and
 * every new string is garbage the collector must reclaim, so the parse's allocation, and with it
 * the heap's growth between collections, is much smaller. A fixed-size table indexed by a hash
 * of the characters (a clash replaces the entry): bounded, whatever the page.
 */
const INTERN_SLOTS = 8192;
/** Longer strings are not looked up (they rarely repeat). */
const MAX_INTERN_CHARS = 48;
/** V8 makes a slice this long a pointer into its parent (shorter slices are copies). */
const MIN_SLICED_CHARS = 13;
const internTable: Array<string | undefined> = new Array<string | undefined>(INTERN_SLOTS).fill(undefined);
/** Per slot, the hash of the last string of MIN_SLICED_CHARS or more that missed the table: it goes in on its second miss. */
const internSeen = new Int32Array(INTERN_SLOTS);

/**
 * A copy of a string that shares no memory with the page it was read from: V8 keeps a slice of 13
 * characters or more as a pointer into its parent, so a slice kept in a module-level table or memo
 * would keep every page it came from alive. The slice of a concatenation copies the characters.
 */
export function detached(s: string): string {
  return ` ${s}`.slice(1);
}

/**
 * A slice of a page, made fit to keep in a table that outlives the page: copied (detached) when V8
 * would keep it as a pointer into the page (MIN_SLICED_CHARS or more), as it is otherwise.
 */
export function keepable(slice: string): string {
  return slice.length >= MIN_SLICED_CHARS ? detached(slice) : slice;
}

/**
 * `html.slice(start, end)`, ASCII-lower-cased when `lower` (other characters through toLowerCase):
 * from the table when seen before. Strings put in the table are copies, not slices: a slice would
 * keep the whole page alive as long as it stays in the table.
 */
export function internSlice(html: string, start: number, end: number, lower: boolean): string {
  const len = end - start;
  if (len <= 0) return '';
  if (len <= MAX_INTERN_CHARS) {
    let h = len;
    let ascii = true;
    /** An upper-case letter is lower-cased: toLowerCase() makes a new string then. */
    let changed = false;
    for (let i = start; i < end; i++) {
      let c = html.charCodeAt(i);
      if (c >= 128) {
        ascii = false;
        break;
      }
      if (lower && c >= 65 && c <= 90) {
        c += 32;
        changed = true;
      }
      h = Math.imul(h ^ c, 0x01000193);
    }
    if (ascii) {
      const slot = (h ^ (h >>> 13)) & (INTERN_SLOTS - 1);
      const known = internTable[slot];
      if (known !== undefined && known.length === len) {
        let same = true;
        for (let i = 0; i < len; i++) {
          let c = html.charCodeAt(start + i);
          if (lower && c >= 65 && c <= 90) c += 32;
          if (known.charCodeAt(i) !== c) {
            same = false;
            break;
          }
        }
        if (same) return known;
      }
      const slice = html.slice(start, end);
      if (!changed && len >= MIN_SLICED_CHARS && internSeen[slot] !== h) {
        // Seen for the first time (as far as the slot knows): the slice itself, a pointer into the
        // page, is returned and not put in the table; only the hash is noted. Most such strings
        // (texts, long class values) occur once, and a copy for the table costs three strings.
        internSeen[slot] = h;
        return slice;
      }
      // A lower-cased copy is a new string already; otherwise a slice long enough to be a pointer into
      // the page is copied (one string fewer than lower-casing a slice and then copying it).
      const s = changed ? slice.toLowerCase() : keepable(slice);
      internTable[slot] = s;
      return s;
    }
  }
  const s = html.slice(start, end);
  return lower ? s.toLowerCase() : s;
}
