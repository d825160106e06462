// MosaicML streaming's samples per stream per epoch (streaming/base/stream.py, `Stream.apply_weights`, called from
// streaming/base/dataset.py with `epoch_size` and `shuffle_seed`, default 9176). Relative weights (`proportion`):
// choose = floor(epoch_size * proportion / sum(proportion)), epoch_size defaulting to all samples of all streams, and
// the shortfall spread +1 over streams picked by `np.random.default_rng(seed).choice(len(streams), shortfall, False)`.
// Absolute weights: `repeat` * samples, or `choose`, or all samples; an epoch is then their sum.
import { NumpyGenerator } from './numpyRandom';

export interface StreamWeights {
  proportion?: number;
  repeat?: number;
  choose?: number;
}

export interface MosaicEpoch {
  /** Samples per stream per epoch. */
  choose: number[];
  /** The epoch's length. */
  epochSize: number;
  /** Whether streaming took `epoch_size` as given (false: it defaulted to all samples, or the weights were absolute). */
  epochSizeGiven: boolean;
}

export function mosaicEpoch(streams: readonly StreamWeights[], samplesPerStream: readonly number[], epochSize: number | undefined, seed = 9176): MosaicEpoch {
  const relative = streams.some((s) => s.proportion !== undefined);
  const unspecified = streams.every((s) => s.proportion === undefined && s.repeat === undefined && s.choose === undefined);
  if (relative || (unspecified && epochSize)) {
    const total = epochSize || samplesPerStream.reduce((a, b) => a + b, 0);
    const weights = relative ? streams.map((s) => s.proportion ?? 0) : [...samplesPerStream];
    let sum = 0;
    for (const w of weights) sum += w;
    const choose = weights.map((w) => Math.trunc(total * (w / sum)));
    const shortfall = total - choose.reduce((a, b) => a + b, 0);
    if (shortfall > 0) for (const i of new NumpyGenerator(seed).choiceWithoutReplacement(streams.length, shortfall)) choose[i]! += 1;
    return { choose, epochSize: total, epochSizeGiven: Boolean(epochSize) };
  }
  if (epochSize) throw new RangeError('streaming takes epoch_size only with relative weights (proportion) or none');
  const choose = streams.map((s, i) => (s.repeat !== undefined ? Math.trunc(s.repeat * samplesPerStream[i]!) : s.choose ?? samplesPerStream[i]!));
  return { choose, epochSize: choose.reduce((a, b) => a + b, 0), epochSizeGiven: false };
}
