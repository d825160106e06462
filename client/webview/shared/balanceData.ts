// The numbers the Balance Preview shows, as plain JSON. They are produced by the language server (the core's
// rates engine) and only carried here: the view never recomputes a rate, a balance figure or a transfer score.
// The types are the core's own (type-only imports: nothing of the core is bundled into the view).

import type { BalanceFigures, RatesResult, TaskRate } from '../../../server/src/core/rates/types';
import type { StrategyColumn, StrategyComparison } from '../../../server/src/core/rates/compare';
import type { TransferResult } from '../../../server/src/core/rates/transfer';
import type { SamplingSimulation } from '../../../server/src/core/rates/simulate';

export type RatesTaskJson = TaskRate;
export type BalanceFiguresJson = BalanceFigures;
/** Exactly what `taskmix rates --json` prints. */
export type RatesResultJson = RatesResult;
/** One strategy of `taskmix compare`: a column of the Strategies heatmap. */
export type StrategyColumnJson = StrategyColumn;
export type StrategyComparisonJson = StrategyComparison;
/** Transfer between tasks from the file's `results` (spec: "Transfer"); null cells are missing. */
export type TransferJson = TransferResult;

/** Cumulative epochs per task over training steps: the core's seeded sampling simulation (`taskmix sample --json`),
 *  run with the file's budget and its epoch threshold. */
export type TrainingDynamicsJson = SamplingSimulation;

/** The diagnostics of the file, for the panel's empty/invalid state. */
export interface DiagnosticsSummaryJson {
  errors: number;
  warnings: number;
  /** The first few errors (then warnings), in file order. */
  items: { severity: 'error' | 'warning' | 'info'; code: string; message: string; line: number; character: number }[];
}
