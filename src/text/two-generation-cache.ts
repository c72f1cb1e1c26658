/**
 * A bounded cache in two generations: lookups try the young one, then the
 * old one (promoting what they find); when the young generation is full it
 * becomes the old one and the former old one is dropped. Keys in use keep
 * being promoted, so a long stream keeps its frequent words while words seen
 * once age out; at most `limit` keys are held. Used by the word memo
 * (word-info.ts) and the taggers' unit caches (perceptron.ts).
 *
 * @example
 * const cache = new TwoGenerationCache<number>(4);
 * cache.set('a', 1);
 * cache.get('a'); // 1
 */
export class TwoGenerationCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private readonly generation: number;

  constructor(limit: number) {
    this.generation = Math.max(1, Math.ceil(limit / 2));
  }

  get(key: string): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: string, value: V): void {
    this.young.set(key, value);
    if (this.young.size >= this.generation) {
      this.old = this.young;
      this.young = new Map();
    }
  }
}
