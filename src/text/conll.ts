/**
 * Reading CoNLL-2003-style column files (`word POS chunk NE` per line, a
 * blank line ends a sentence, `-DOCSTART-` lines separate documents) and
 * scoring IOB chunk tags. Used by the tagger's training script and tests; the
 * data itself stays in the shared folder and is never copied into the project.
 *
 * @example
 * const file = conllFile('eng.testa');
 * if (file === null) console.log('no shared data');
 * else for (const s of readConll(file)) console.log(s.words.length);
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedDataDir } from '../data/paths.js';

/** Where the CoNLL-2003 files live inside the shared data folder. */
export const CONLL_SUBDIR = path.join('ner-dev', 'conll2003');

/** One sentence, column by column (all arrays have the same length). */
export interface ConllSentence {
  words: string[];
  pos: string[];
  /** Chunk tags as in the file (IOB1 in CoNLL-2003). */
  chunk: string[];
  /** Entity tags as in the file (IOB1 in CoNLL-2003). */
  ner: string[];
}

/** A typed chunk over positions [start, end). */
export interface ChunkSpan {
  type: string;
  start: number;
  end: number;
}

export interface ChunkScore {
  precision: number;
  recall: number;
  f1: number;
  gold: number;
  predicted: number;
  correct: number;
}

/**
 * Path of a CoNLL-2003 file (e.g. `eng.train`) in the shared data folder, or
 * null when the shared folder or the file is absent.
 */
export function conllFile(name: string): string | null {
  const dir = sharedDataDir();
  if (dir === null) return null;
  const file = path.join(dir, CONLL_SUBDIR, name);
  return existsSync(file) ? file : null;
}

/** Parse a CoNLL-2003 file; DOCSTART lines and blank lines end sentences. */
export function readConll(file: string): ConllSentence[] {
  return readConllDocuments(file).flat();
}

/**
 * Parse a CoNLL-2003 file into documents (lists of sentences): a
 * `-DOCSTART-` line ends a document. Empty documents are dropped. With
 * `anyColumns`, lines of two or more columns are accepted: the first is the
 * word, the last the entity tag (POS and chunk are then '' unless there are four).
 */
export function readConllDocuments(file: string, options: { anyColumns?: boolean } = {}): ConllSentence[][] {
  const docs: ConllSentence[][] = [];
  let out: ConllSentence[] = [];
  let cur: ConllSentence = { words: [], pos: [], chunk: [], ner: [] };
  const flush = (): void => {
    if (cur.words.length > 0) out.push(cur);
    cur = { words: [], pos: [], chunk: [], ner: [] };
  };
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  lines.forEach((line, n) => {
    const cols = line.trim().split(/\s+/);
    if (cols.length === 1 && cols[0] === '') return flush();
    if (cols[0] === '-DOCSTART-') {
      flush();
      if (out.length > 0) docs.push(out);
      out = [];
      return;
    }
    const ok = cols.length === 4 || (options.anyColumns === true && cols.length >= 2);
    if (!ok) throw new Error(`${file}:${n + 1}: expected 4 columns (word POS chunk NE), found ${cols.length}`);
    cur.words.push(cols[0]!);
    cur.pos.push(cols.length === 4 ? cols[1]! : '');
    cur.chunk.push(cols.length === 4 ? cols[2]! : '');
    cur.ner.push(cols[cols.length - 1]!);
  });
  flush();
  if (out.length > 0) docs.push(out);
  return docs;
}

function typeOf(tag: string): string {
  return tag.length > 2 && tag[1] === '-' ? tag.slice(2) : '';
}

/**
 * IOB1 (B- only between two chunks of the same type) to IOB2 (every chunk
 * starts with B-).
 *
 * @example
 * iob1ToIob2(['I-NP', 'I-NP', 'B-NP', 'I-VP']); // ['B-NP', 'I-NP', 'B-NP', 'B-VP']
 */
export function iob1ToIob2(tags: readonly string[]): string[] {
  return tags.map((tag, i) => {
    if (!tag.startsWith('I-')) return tag;
    const prev = i > 0 ? tags[i - 1]! : 'O';
    return prev === 'O' || typeOf(prev) !== typeOf(tag) ? `B-${typeOf(tag)}` : tag;
  });
}

/**
 * Chunks of an IOB tag sequence (IOB1 or IOB2): a chunk starts at B-X, or at
 * I-X when the previous tag is not of type X.
 */
export function chunkSpans(tags: readonly string[]): ChunkSpan[] {
  const out: ChunkSpan[] = [];
  let open: ChunkSpan | null = null;
  tags.forEach((tag, i) => {
    const type = typeOf(tag);
    const continues = open !== null && tag.startsWith('I-') && type === open.type;
    if (continues) {
      open!.end = i + 1;
      return;
    }
    if (open !== null) out.push(open);
    open = type === '' ? null : { type, start: i, end: i + 1 };
  });
  if (open !== null) out.push(open);
  return out;
}

/** Chunk precision/recall/F1 over sentences (exact span and type match), optionally for one type only. */
export function scoreChunks(gold: readonly (readonly string[])[], predicted: readonly (readonly string[])[], type?: string): ChunkScore {
  let nGold = 0;
  let nPred = 0;
  let correct = 0;
  const keep = (s: ChunkSpan): boolean => type === undefined || s.type === type;
  gold.forEach((g, k) => {
    const goldSpans = chunkSpans(g).filter(keep);
    const predSpans = chunkSpans(predicted[k] ?? []).filter(keep);
    const keys = new Set(goldSpans.map((s) => `${s.type} ${s.start} ${s.end}`));
    nGold += goldSpans.length;
    nPred += predSpans.length;
    for (const s of predSpans) if (keys.has(`${s.type} ${s.start} ${s.end}`)) correct++;
  });
  const precision = nPred === 0 ? 0 : correct / nPred;
  const recall = nGold === 0 ? 0 : correct / nGold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, gold: nGold, predicted: nPred, correct };
}
