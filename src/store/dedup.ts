/**
 * Duplicate detection for the corpus.
 *
 * - Exact duplicates: the SHA-256 of the text after normalisation (lower case, every run of non-letters and
 *   non-digits turned into one space), so re-wrapped or re-punctuated copies match.
 * - Near duplicates (a syndicated copy with a changed headline, a few words edited, a line added): MinHash
 *   over word shingles. 64 hash functions give a signature whose agreement rate estimates the Jaccard
 *   similarity of the two shingle sets; locality-sensitive hashing in 16 bands of 4 rows finds the candidates
 *   (two texts with Jaccard 0.8 share a band with probability 1 − (1 − 0.8⁴)¹⁶ ≈ 0.9998; at 0.3 about 0.12),
 *   and a candidate whose estimated similarity reaches {@link NEAR_DUPLICATE_THRESHOLD} is a near duplicate.
 */
import { createHash } from 'node:crypto';

export const SIGNATURE_SIZE = 64;
export const BANDS = 16;
export const ROWS_PER_BAND = SIGNATURE_SIZE / BANDS;
export const SHINGLE_WORDS = 5;
/** Estimated Jaccard similarity of 5-word shingles at or above which two articles are near duplicates. */
export const NEAR_DUPLICATE_THRESHOLD = 0.7;

/** Lower case, letters and digits only, single spaces. */
export function normalizeForHash(text: string): string {
  return text.toLowerCase().normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** SHA-256 (hex) of the normalised text. */
export function contentHash(text: string): string {
  return createHash('sha256').update(normalizeForHash(text)).digest('hex');
}

/** 32-bit FNV-1a of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's 32-bit finaliser: a good bit mixer. */
function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Fixed per-function seeds (derived, not random, so signatures are stable across runs and machines). */
const SEEDS: number[] = Array.from({ length: SIGNATURE_SIZE }, (_, i) => mix32(0x9e3779b9 * (i + 1)));

/** The MinHash signature of a text (64 unsigned 32-bit values). */
export function minhashSignature(text: string): Uint32Array {
  const words = normalizeForHash(text).split(' ').filter((w) => w.length > 0);
  const n = Math.min(SHINGLE_WORDS, Math.max(1, words.length));
  const sig = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (let i = 0; i + n <= words.length; i++) {
    const shingle = fnv1a(words.slice(i, i + n).join(' '));
    for (let k = 0; k < SIGNATURE_SIZE; k++) {
      const v = mix32(shingle ^ (SEEDS[k] as number));
      if (v < (sig[k] as number)) sig[k] = v;
    }
  }
  return sig;
}

/** Share of positions where two signatures agree: an estimate of the Jaccard similarity. */
export function signatureSimilarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_SIZE;
}

/** LSH band keys: one signed 32-bit bucket per band (band index = array index). */
export function bandKeys(sig: Uint32Array): number[] {
  const keys: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < ROWS_PER_BAND; r++) h = mix32(h ^ (sig[b * ROWS_PER_BAND + r] as number));
    keys.push(h | 0);
  }
  return keys;
}

export function signatureToBuffer(sig: Uint32Array): Buffer {
  return Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength);
}

export function signatureFromBuffer(buf: Uint8Array): Uint32Array {
  const copy = new Uint8Array(buf);
  return new Uint32Array(copy.buffer, 0, SIGNATURE_SIZE);
}
