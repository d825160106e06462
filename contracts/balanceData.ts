// The numbers the Balance Preview shows, as plain JSON. They are produced by the language server (the core's
// rates engine) and only carried here: the view never recomputes a rate, a balance figure or a transfer score.
// The types are the core's own, re-exported from its public index (type-only: nothing of the core is bundled into a
// view, and no view imports a core file).
export type {
  BalanceFigures,
  RatesResult,
  SamplingSimulation,
  StrategyColumn,
  StrategyComparison,
  TaskRate,
  TransferResult,
} from '../server/src/core/rates';

/** The diagnostics of the file, for the panel's empty/invalid state. */
export interface DiagnosticsSummary {
  errors: number;
  warnings: number;
  /** The first few errors (then warnings), in file order. */
  items: { severity: 'error' | 'warning' | 'info'; code: string; message: string; line: number; character: number }[];
}
