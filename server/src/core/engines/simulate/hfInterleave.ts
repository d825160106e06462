// Hugging Face `datasets.interleave_datasets(datasets, probabilities, seed, stopping_strategy)` on map-style datasets
// (src/datasets/arrow_dataset.py, `_interleave_map_style_datasets`): sources are drawn with
// `np.random.default_rng(seed).choice(len(datasets), size=1000, p=probabilities)`, in blocks of 1000 (the stream of
// uniforms is the same one at a time); each draw takes the source's next example, and a source that runs out starts
// again from its first. `first_exhausted` (the default) stops at the first draw after any source has run out,
// `all_exhausted` once every source has. The interleaved dataset's length is therefore data-dependent, not a budget.
import { NumpyGenerator, choiceCdf } from './numpyRandom';

export type StoppingStrategy = 'first_exhausted' | 'all_exhausted';
export const STOPPING_STRATEGIES: readonly StoppingStrategy[] = ['first_exhausted', 'all_exhausted'];

export interface InterleaveOutcome {
  /** Examples taken from each source (repeats included). */
  drawn: number[];
  /** The interleaved dataset's length. */
  length: number;
  /** The source whose exhaustion ended it (first_exhausted) or the last to run out (all_exhausted). */
  endedBy: number;
}

/**
 * The library's own draws for `seed`; null when the run would take more than `maxDraws` draws (or never ends: a
 * source with probability 0 under all_exhausted), so that callers fall back to `expectedInterleave`.
 */
export function interleaveDraws(lengths: readonly number[], probabilities: readonly number[], seed: number, strategy: StoppingStrategy, maxDraws: number): InterleaveOutcome | null {
  const n = lengths.length;
  if (strategy === 'all_exhausted' && probabilities.some((p) => !(p > 0))) return null;
  const rng = new NumpyGenerator(seed);
  const cdf = choiceCdf(probabilities);
  const drawn = new Array<number>(n).fill(0);
  const current = new Array<number>(n).fill(0);
  const exhausted = new Array<boolean>(n).fill(false);
  let exhaustedCount = 0;
  let length = 0;
  let endedBy = -1;
  for (;;) {
    const stop = strategy === 'first_exhausted' ? exhaustedCount > 0 : exhaustedCount === n;
    if (stop) break;
    if (length >= maxDraws) return null;
    const source = rng.choiceWeighted(cdf);
    drawn[source]! += 1;
    length += 1;
    current[source]! += 1;
    if (current[source]! >= lengths[source]!) {
      if (!exhausted[source]) {
        exhausted[source] = true;
        exhaustedCount += 1;
        endedBy = source;
      }
      current[source] = 0;
    }
  }
  return { drawn, length, endedBy };
}

/** The same run in expectation: first_exhausted ends near min n_i / p_i, all_exhausted near max n_i / p_i. */
export function expectedInterleave(lengths: readonly number[], probabilities: readonly number[], strategy: StoppingStrategy): InterleaveOutcome | null {
  const spans = lengths.map((n, i) => (probabilities[i]! > 0 ? n / probabilities[i]! : Infinity));
  let endedBy = 0;
  for (let i = 1; i < spans.length; i++) {
    if (strategy === 'first_exhausted' ? spans[i]! < spans[endedBy]! : spans[i]! > spans[endedBy]!) endedBy = i;
  }
  const length = spans[endedBy]!;
  if (!Number.isFinite(length)) return null;
  return { drawn: probabilities.map((p) => p * length), length, endedBy };
}
