// Colour scales of the preview, from d3-scale and d3-scale-chromatic: viridis for rates (linear or log),
// a diverging scale centred on 1 epoch (log), and RdBu centred on 0 for transfer.
import { scaleDiverging, scaleDivergingLog, scaleSequential, scaleSequentialLog } from 'd3-scale';
import { interpolatePuOr, interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';

/** `effective-epochs`: the epochs as the server values them in epochs of new data (Muennighoff et al. 2023). */
export type RateColorMode = 'rate-linear' | 'rate-log' | 'epochs' | 'effective-epochs';

export interface ColorScale {
  mode: RateColorMode | 'transfer';
  /** CSS colour of a value; values outside the domain are clamped. Missing values are the caller's to draw. */
  color(value: number): string;
  /** [min, max] or [min, centre, max] of the scale. */
  domain: number[];
  /** The interpolator over [0, 1], for the legend's gradient. */
  ramp(t: number): string;
  /** Legend tick values within the domain. */
  ticks(count: number): number[];
  /** Marked values on the legend (the epoch threshold). */
  marks: { value: number; label: string }[];
  /** Position of a value on the legend, 0..1. */
  position(value: number): number;
  log: boolean;
}

/** Finite values of an array, skipping NaN (missing) entries; optionally only positive ones. */
export function finiteValues(values: ArrayLike<number>, positiveOnly = false): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && (!positiveOnly || v > 0)) out.push(v);
  }
  return out;
}

function extent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** Rates (0..1) in viridis. Log mode spans the smallest positive rate to the largest; a rate of 0 is the low end. */
export function rateScale(values: ArrayLike<number>, log: boolean): ColorScale {
  const finite = finiteValues(values, log);
  let [lo, hi] = finite.length ? extent(finite) : [log ? 1e-3 : 0, 1];
  if (!log) lo = 0;
  if (!(hi > lo)) hi = log ? lo * 10 : lo + 1;
  const s = log ? scaleSequentialLog(interpolateViridis).domain([lo, hi]).clamp(true) : scaleSequential(interpolateViridis).domain([lo, hi]).clamp(true);
  const position = (v: number): number => {
    if (log) return v <= lo ? 0 : Math.min(1, Math.log(v / lo) / Math.log(hi / lo));
    return Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
  };
  return {
    mode: log ? 'rate-log' : 'rate-linear',
    color: (v) => (log && v <= 0 ? interpolateViridis(0) : s(v)),
    domain: [lo, hi],
    ramp: interpolateViridis,
    ticks: (count) => (s as unknown as { ticks(c: number): number[] }).ticks(count),
    marks: [],
    position,
    log,
  };
}

/**
 * Epochs on a log scale diverging around 1 epoch (purple: repeated, orange: drawn less than once); symmetric in
 * log space so that 1 epoch is always the neutral middle. The over-fitting threshold is marked.
 */
export function epochScale(values: ArrayLike<number>, threshold: number): ColorScale {
  const finite = finiteValues(values, true);
  const [lo, hi] = finite.length ? extent(finite) : [1, 1];
  const half = Math.max(Math.abs(Math.log10(lo)), Math.abs(Math.log10(hi)), Math.log10(Math.max(threshold, 1.0001)), 0.5);
  const domain = [10 ** -half, 1, 10 ** half];
  const ramp = (t: number) => interpolatePuOr(1 - t);
  const s = scaleDivergingLog(ramp).domain(domain as [number, number, number]).clamp(true);
  return {
    mode: 'epochs',
    color: (v) => (v <= 0 ? ramp(0) : s(v)),
    domain,
    ramp,
    ticks: () => tickPowersOfTen(-half, half),
    marks: [{ value: threshold, label: `${threshold} ep` }],
    position: (v) => (v <= 0 ? 0 : Math.min(1, Math.max(0, (Math.log10(v) + half) / (2 * half)))),
    log: true,
  };
}

/** Transfer in RdBu centred on 0: blue helps, red hurts; symmetric so that equal gains and losses look alike. */
export function transferScale(maxAbs: number): ColorScale {
  const m = maxAbs > 0 ? maxAbs : 1;
  const s = scaleDiverging(interpolateRdBu).domain([-m, 0, m]).clamp(true);
  return {
    mode: 'transfer',
    color: (v) => s(v),
    domain: [-m, 0, m],
    ramp: interpolateRdBu,
    ticks: () => [-m, -m / 2, 0, m / 2, m],
    marks: [],
    position: (v) => Math.min(1, Math.max(0, (v + m) / (2 * m))),
    log: false,
  };
}

function tickPowersOfTen(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) out.push(10 ** e);
  return out;
}
