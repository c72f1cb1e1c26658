/**
 * Negation and modality cues of the event coder (data/events/cues.json),
 * read once on first use.
 *
 * @example
 * eventCues().negators.has('not'); // true
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../../data/paths.js';

export const EVENT_CUES_FILE = path.join('data', 'events', 'cues.json');

const CuesSchema = z.object({
  negators: z.array(z.string()),
  negatingPhrases: z.array(z.string()),
  hypothetical: z.array(z.string()),
  expected: z.array(z.string()),
  reported: z.array(z.string()),
  reportedAfter: z.array(z.string()),
  negatedRoots: z.record(z.string(), z.string()),
});

export interface EventCues {
  negators: Set<string>;
  negatingPhrases: string[];
  hypothetical: string[];
  expected: string[];
  reported: string[];
  reportedAfter: string[];
  /** CAMEO root → the code of its rejection, for negated events (key "about" is a note). */
  negatedRoots: Record<string, string>;
}

let cues: EventCues | null = null;

export function eventCues(): EventCues {
  if (cues) return cues;
  const raw = CuesSchema.parse(JSON.parse(readFileSync(path.join(projectRoot(), EVENT_CUES_FILE), 'utf8')));
  cues = { ...raw, negators: new Set(raw.negators) };
  return cues;
}
