// The value of repeated data (Muennighoff et al. 2023, "Scaling Data-Constrained Language Models", eq. 5): E epochs
// of U unique tokens are worth U + U * R* * (1 - exp(-(E - 1) / R*)) tokens of new data, with R* = R_D* = 15.387756
// fitted in the paper (huggingface/datablations, README.md, "Parametric Fit": rd_star). In epochs of new data that is
// 1 + R* (1 - exp(-(E - 1) / R*)): about E up to 4 epochs, flattening towards 1 + R* (16.4) however often data repeats.

/** R_D*, the paper's fitted "repeats after which repeated data is worth 1/e less" constant. */
export const REPEAT_HALF_LIFE = 15.387756;

/** The paper, as hover and the docs name it. */
export const EFFECTIVE_EPOCHS_SOURCE = 'Muennighoff et al. 2023, "Scaling Data-Constrained Language Models"';

/**
 * E epochs as epochs of new data: E itself for E <= 1 (nothing is repeated), else 1 + R* (1 - exp(-(E - 1) / R*)).
 * `rStar` defaults to R_D*; the paper fits the same form for parameters with R_N* (tests use it for that).
 */
export function effectiveEpochs(epochs: number, rStar = REPEAT_HALF_LIFE): number {
  if (!(epochs > 1)) return epochs;
  // expm1 keeps the precision for E just above 1, where 1 - exp(-x) would cancel.
  return 1 - rStar * Math.expm1(-(epochs - 1) / rStar);
}
