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

/**
 * The same policy over keys that are pairs of strings, held as a map of
 * maps: a lookup builds no string of both parts (the entity tagger's context
 * units are keyed by a position's flags and its word, and joining the two
 * per token cost more than the lookup). At most `limit` pairs are held.
 *
 * @example
 * const cache = new TwoGenerationPairCache<number>(4);
 * cache.set('first dm', 'moscow', 1);
 * cache.get('first dm', 'moscow'); // 1
 */
export class TwoGenerationPairCache<V> {
  private young = new Map<string, Map<string, V>>();
  private old = new Map<string, Map<string, V>>();
  private youngSize = 0;
  private readonly generation: number;

  constructor(limit: number) {
    this.generation = Math.max(1, Math.ceil(limit / 2));
  }

  get(a: string, b: string): V | undefined {
    const hit = this.young.get(a)?.get(b);
    if (hit !== undefined) return hit;
    const aged = this.old.get(a)?.get(b);
    if (aged !== undefined) this.set(a, b, aged);
    return aged;
  }

  set(a: string, b: string, value: V): void {
    let inner = this.young.get(a);
    if (inner === undefined) this.young.set(a, (inner = new Map()));
    const before = inner.size;
    inner.set(b, value);
    if (inner.size === before) return;
    if (++this.youngSize >= this.generation) {
      this.old = this.young;
      this.young = new Map();
      this.youngSize = 0;
    }
  }
}
