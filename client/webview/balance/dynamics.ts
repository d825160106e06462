// Pure helpers of the Training dynamics chart: the log y range and the threshold crossings, in step order.
import type { SamplingSimulation } from '../../../contracts/balanceData';

/** [lo, hi] in log10 of the epochs to show: all positive values and the threshold, padded a little. */
export function epochLogRange(d: SamplingSimulation): [number, number] {
  let lo = Math.log10(d.epoch_threshold);
  let hi = lo;
  for (const t of d.tasks) {
    for (const e of t.epochs) {
      if (e === null || !(e > 0)) continue;
      const l = Math.log10(e);
      if (l < lo) lo = l;
      if (l > hi) hi = l;
    }
  }
  return [Math.floor(lo * 4) / 4 - 0.05, Math.ceil(hi * 4) / 4 + 0.05];
}

/** Tasks that cross the threshold, earliest first (ties by name), then how many never do. */
export function thresholdCrossings(d: SamplingSimulation): { crossing: { name: string; step: number }[]; never: number } {
  const crossing = d.tasks
    .filter((t) => t.crossing_step !== null)
    .map((t) => ({ name: t.name, step: t.crossing_step! }))
    .sort((a, b) => a.step - b.step || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { crossing, never: d.tasks.length - crossing.length };
}

/** Powers of ten within a log10 range, for the y axis. */
export function powerTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) out.push(10 ** e);
  return out;
}
