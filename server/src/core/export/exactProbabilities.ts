// Probabilities written into other tools' configs must sum to exactly 1, whatever order or algorithm
// (left to right, pairwise, compensated) the reader sums them with. Rounding each to a multiple of 2^-52
// makes every partial sum exactly representable, so all orders agree; the drift left by the rounding is
// put on the last task that has probability (or, if that would take all of its probability, on the largest).
// Each moves by at most ~1e-16. A probability of 0 stays exactly 0: the drift never lands on a task that is
// never sampled. (A rate below 2^-53 of the total rounds to 0 too: no sum that is exactly 1 can hold it.)

const UNIT = 2 ** 52;

export function exactProbabilities(rates: readonly number[]): number[] {
  const clean = rates.map((r) => (Number.isFinite(r) && r > 0 ? r : 0));
  const total = clean.reduce((a, b) => a + b, 0);
  if (clean.length === 0 || !(total > 0)) return clean.map(() => 0);
  const units = clean.map((r) => Math.round((r / total) * UNIT));
  const drift = UNIT - units.reduce((a, b) => a + b, 0);
  let target = -1;
  for (let i = units.length - 1; i >= 0 && target < 0; i--) if (units[i]! > 0) target = i;
  if (units[target]! + drift < 1) target = units.indexOf(units.reduce((m, u) => Math.max(m, u), -Infinity));
  units[target]! += drift;
  return units.map((u) => u / UNIT);
}
