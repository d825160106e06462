// What a materialized mixture holds, decided before any data is read: how many examples each task gets, in which
// order the tasks come, and which record each draw of a task takes. All of it follows from the seed alone, with
// integer arithmetic only, so the same seed gives the same dataset on every machine.
//
// - Counts: the sampler of `taskmix sample` itself (simulateSampling with batch size 1), so the per-task counts are
//   exactly the ones `taskmix sample --steps N --batch 1 --seed S` prints.
// - Order: a uniformly random arrangement of that multiset of task labels, drawn one position at a time (the next
//   label is task t with probability remaining_t / remaining), so no array of N labels is ever needed.
// - Records: within a task, each epoch is a fresh Fisher-Yates permutation of its records, taken in order: records are
//   drawn without replacement within an epoch and reshuffled for the next, as seqio's repeat-then-shuffle does.
import { simulateSampling, Xoshiro128StarStar, type RatesResult } from '../rates';

/** The most examples one run writes: positions are 32-bit. */
export const maxExamples = 2 ** 32 - 1;

export type CountsOutcome = { ok: true; counts: number[] } | { ok: false; error: string };

/**
 * Examples per task (in `rates.tasks` order) for `examples` draws: the counts `taskmix sample --steps N --batch 1
 * --seed S` reports at its last step. The sampler is called with sample's own defaults (checkpoints included: they
 * shape how its multinomial method consumes random numbers), so the two agree for every N.
 */
export function drawCounts(rates: RatesResult, examples: number, seed: number): CountsOutcome {
  if (!Number.isInteger(examples) || examples < 1 || examples > maxExamples) {
    return { ok: false, error: `the number of examples must be an integer from 1 to ${maxExamples} (got ${examples})` };
  }
  const outcome = simulateSampling(rates, { steps: examples, batchSize: 1, seed });
  if (!outcome.ok) return outcome;
  const sim = outcome.simulation;
  const last = sim.checkpoints.length - 1;
  return { ok: true, counts: sim.tasks.map((t) => t.counts[last] ?? 0) };
}

/** A 32-bit seed for one independent stream, from the user's seed and the stream's name (FNV-1a, then a murmur3
 *  finalizer so that nearby inputs give unrelated seeds). */
export function streamSeed(seed: number, ...parts: (string | number)[]): number {
  const whole = Math.trunc(seed);
  let h = 0x811c9dc5;
  const mix = (byte: number): void => {
    h = Math.imul(h ^ (byte & 0xff), 0x01000193);
  };
  const word = (value: number): void => {
    for (let shift = 0; shift < 32; shift += 8) mix(value >>> shift);
  };
  word(whole | 0);
  word(Math.floor(whole / 4294967296) | 0);
  for (const part of parts) {
    if (typeof part === 'number') word(part);
    else {
      const bytes = Buffer.from(part, 'utf8');
      word(bytes.length);
      for (const b of bytes) mix(b);
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform integer in [0, n) for 1 <= n <= 2^32, exact: 32-bit draws above the largest multiple of n are redrawn. */
export function uniformBelow(rng: Xoshiro128StarStar, n: number): number {
  if (n <= 1) return 0;
  const limit = 4294967296 - (4294967296 % n);
  for (;;) {
    const x = rng.nextUint32();
    if (x < limit) return x % n;
  }
}

/**
 * The task of each output position in turn: a uniformly random arrangement of `counts[t]` copies of each t. A Fenwick
 * tree over the remaining counts finds the task for a uniform draw in O(log tasks).
 */
export class MixOrder {
  private readonly tree: Float64Array;
  private readonly size: number;
  private readonly rng: Xoshiro128StarStar;
  private left: number;

  constructor(counts: readonly number[], seed: number) {
    this.size = counts.length;
    this.tree = new Float64Array(this.size + 1);
    counts.forEach((c, i) => this.add(i, c));
    this.left = counts.reduce((a, b) => a + b, 0);
    this.rng = Xoshiro128StarStar.fromSeed(streamSeed(seed, 'order'));
  }

  get remaining(): number {
    return this.left;
  }

  /** The next position's task. */
  next(): number {
    if (this.left <= 0) throw new Error('MixOrder: every position has been drawn');
    let r = uniformBelow(this.rng, this.left);
    // Descend the tree: the first task whose prefix sum exceeds r.
    let index = 0;
    for (let step = highestPowerOfTwo(this.size); step > 0; step >>= 1) {
      const next = index + step;
      if (next <= this.size && this.tree[next]! <= r) {
        index = next;
        r -= this.tree[next]!;
      }
    }
    this.add(index, -1);
    this.left--;
    return index;
  }

  private add(task: number, delta: number): void {
    for (let i = task + 1; i <= this.size; i += i & -i) this.tree[i]! += delta;
  }
}

function highestPowerOfTwo(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return n > 0 ? p : 0;
}

/**
 * The records one task's draws take, in draw order: epoch e is the Fisher-Yates permutation of 0..records-1 made with
 * the stream (seed, task, e), read front to back. A task drawn 2.5 epochs thus takes every record twice and half of
 * them a third time. An epoch that takes only a small part of a large file keeps the swapped slots in a map instead
 * of an array of every record; both give the same sequence.
 */
export class EpochShuffle {
  private epoch = -1;
  private slot = 0;
  private rng: Xoshiro128StarStar | undefined;
  private dense: Uint32Array | undefined;
  private sparse: Map<number, number> | undefined;
  private drawsLeft: number;

  constructor(
    private readonly records: number,
    private readonly seed: number,
    private readonly task: string,
    /** How many draws this task gets in all: decides when the last epoch is small enough for the map. */
    totalDraws: number,
  ) {
    if (!(records >= 1 && records <= 4294967296)) throw new Error(`EpochShuffle: records must be in [1, 2^32] (got ${records})`);
    this.drawsLeft = totalDraws;
  }

  /** The record of the next draw. */
  next(): number {
    if (this.epoch < 0 || this.slot === this.records) this.startEpoch();
    const s = this.slot++;
    this.drawsLeft--;
    const j = s + uniformBelow(this.rng!, this.records - s);
    if (this.dense) {
      const a = this.dense;
      const picked = a[j]!;
      a[j] = a[s]!;
      a[s] = picked;
      return picked;
    }
    // Slot s is never read again (later swaps only reach slots after it), so only slot j needs remembering.
    const map = this.sparse!;
    const picked = map.get(j) ?? j;
    map.set(j, map.get(s) ?? s);
    map.delete(s);
    return picked;
  }

  private startEpoch(): void {
    this.epoch++;
    this.slot = 0;
    this.rng = Xoshiro128StarStar.fromSeed(streamSeed(this.seed, 'records', this.task, this.epoch));
    // A map entry costs some 16 times a slot of the array: below that share of the file, the map is smaller.
    if (this.drawsLeft * 16 < this.records) {
      this.dense = undefined;
      this.sparse = new Map();
    } else {
      this.sparse = undefined;
      if (!this.dense) this.dense = new Uint32Array(this.records);
      const a = this.dense;
      for (let i = 0; i < a.length; i++) a[i] = i;
    }
  }
}

/** Examples in each of `shards` files: as equal as can be, the first ones one larger when they cannot all be. */
export function shardSizes(examples: number, shards: number): number[] {
  const base = Math.floor(examples / shards);
  const extra = examples % shards;
  return Array.from({ length: shards }, (_, k) => base + (k < extra ? 1 : 0));
}
