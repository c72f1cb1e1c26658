/**
 * The analysis pipeline: a named, visible list of stages. Each stage is a pure
 * function of the document that returns one new layer; the runner checks that
 * every layer a stage reads was written before it.
 */
import { paragraphsStage, sentencesStage, tokensStage, headingsStage } from './analyze/segment/index.js';
import { syntaxStage } from './analyze/syntax/index.js';
import { entitiesStage } from './analyze/entities/index.js';
import { quotationsStage, quotesStage } from './analyze/quotes/index.js';
import { sourcesStage } from './analyze/sources/index.js';
import { timelineStage } from './analyze/timeline/index.js';
import { figuresStage } from './analyze/figures/index.js';
import { wantsStage } from './analyze/wants/index.js';
import { outlookStage } from './analyze/outlook/index.js';
import { eventsStage } from './analyze/events/index.js';
import type { Doc, Layers, Stage } from './analyze/types.js';

export const PIPELINE: readonly Stage[] = [
  paragraphsStage,
  sentencesStage,
  tokensStage,
  syntaxStage,
  headingsStage,
  quotationsStage,
  entitiesStage,
  quotesStage,
  sourcesStage,
  timelineStage,
  figuresStage,
  wantsStage,
  outlookStage,
  eventsStage,
];

export const STAGE_NAMES = PIPELINE.map((s) => s.name);

/** Pick stages by name; an unknown name is an error that lists the known ones. */
export function selectStages(names: readonly string[]): Stage[] {
  return names.map((n) => {
    const stage = PIPELINE.find((s) => s.name === n);
    if (!stage) throw new Error(`unknown pipeline stage "${n}"; known stages: ${STAGE_NAMES.join(', ')}`);
    return stage;
  });
}

export function runPipeline(doc: Doc, stages: readonly Stage[] = PIPELINE): Doc {
  let current = doc;
  for (const stage of stages) {
    for (const key of stage.reads) {
      if (current.layers[key] === undefined) {
        throw new Error(`pipeline stage "${stage.name}" reads layer "${key}", which no earlier stage wrote`);
      }
    }
    const out = stage.run(current);
    current = { ...current, layers: { ...current.layers, [stage.writes]: out } as Partial<Layers> };
  }
  return current;
}
