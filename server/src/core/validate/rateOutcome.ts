// Diagnostics that need the computed rates: epochs over the budget, starved and unsampled tasks.
import type { Diagnostic, IncludeEntry, MixtureModel, Range, TaskEntry } from '../types';
import { starvedTaskFixes, tooManyEpochsFixes } from '../edit/rateFixes';
import { makeDiagnostic } from './diagnosticCodes';
import { formatFigure, formatNearThreshold } from '../numberFormat';

/** One task's computed share, as the rate engine reports it. */
export interface TaskRate {
  name: string;
  /** The item of this file that contributes the task: its own task item, or the include that reaches it. */
  entry: TaskEntry | IncludeEntry;
  /** p_i, the task's final sampling probability (0..1; NaN when every raw rate was 0). */
  rate: number;
  /** S × p_i / n_i, or null without a budget S or a known n. */
  epochs: number | null;
}

export interface RateThresholds {
  /** Epochs above which a task over-fits; default `budget.max_epochs`, else 10. */
  maxEpochs?: number;
  /** A task drawn fewer times than this over the budget is starved; default 1. */
  starvedThreshold?: number;
}

export const DEFAULT_MAX_EPOCHS = 10;

/** S, the examples the budget draws, or null when the budget does not give it. */
export function budgetExamples(model: MixtureModel): number | null {
  const b = model.budget;
  if (!b) return null;
  if (b.examples) return b.examples.value;
  if (b.steps && b.batch_size) return b.steps.value * b.batch_size.value;
  return null;
}

function anchor(entry: TaskEntry | IncludeEntry): Range {
  return entry.kind === 'task' ? entry.name?.range ?? entry.range : entry.include.range;
}

/** Where a zero probability comes from: a zero `rate`, zero `examples`, else the task's name. */
function zeroAnchor(entry: TaskEntry | IncludeEntry): Range {
  if (entry.rate?.value === 0) return entry.rate.range;
  if (entry.kind === 'task' && entry.examples?.value === 0) return entry.examples.range;
  return anchor(entry);
}

// One formatter for the warning and the inlay hint beside it (lsp/numbers.ts): "10.1 epochs > 10" and "10.1 ep".
const fmt = formatFigure;
const fmtNear = formatNearThreshold;

/** The rules, shared by the check and by callers that only need to know whether any task breaks one. */
export const rateRules = {
  zero: (rate: number): boolean => !(rate > 0),
  // A small tolerance: unimax fills tasks up to exactly N epochs, and floating point may land just above.
  tooManyEpochs: (epochs: number | null, maxEpochs: number): boolean => epochs !== null && epochs > maxEpochs * (1 + 1e-9),
  starved: (S: number | null, rate: number, threshold: number): boolean => S !== null && S * rate < threshold,
};

/** Whether any share breaks a rule: what checkRateOutcome would report, found without building anything. */
export function anyRateProblem(shares: readonly { rate: number; epochs: number | null }[], S: number | null, maxEpochs: number, starvedThreshold = 1): boolean {
  for (const t of shares) {
    if (rateRules.zero(t.rate) || rateRules.tooManyEpochs(t.epochs, maxEpochs) || rateRules.starved(S, t.rate, starvedThreshold)) return true;
  }
  return false;
}

/** `text`, the file's text, lets the warnings carry their quick fixes (core/edit/rateFixes.ts). */
export function checkRateOutcome(model: MixtureModel, rates: readonly TaskRate[], thresholds: RateThresholds = {}, text?: string): Diagnostic[] {
  if (rates.length === 0) return [];
  if (rates.every((r) => !(r.rate > 0))) {
    const at = model.tasksKey ?? [0, 0];
    return [makeDiagnostic('all-rates-zero', at, 'Every task has rate 0, so nothing can be sampled: give at least one task a rate > 0 (check `rate`, `default_rate` and `examples`).')];
  }
  const maxEpochs = thresholds.maxEpochs ?? model.budget?.max_epochs?.value ?? DEFAULT_MAX_EPOCHS;
  const starved = thresholds.starvedThreshold ?? 1;
  const S = budgetExamples(model);
  const out: Diagnostic[] = [];
  for (const r of rates) {
    const via = r.entry.kind === 'include' ? ` (through ${r.entry.include.value})` : '';
    if (rateRules.zero(r.rate)) {
      out.push(makeDiagnostic('zero-probability', zeroAnchor(r.entry), `Task \`${r.name}\`${via} has probability 0: it is never sampled. Give it a rate > 0, or remove it.`));
      continue;
    }
    if (rateRules.tooManyEpochs(r.epochs, maxEpochs)) {
      const fixes = text === undefined ? [] : tooManyEpochsFixes(text, model, r.epochs!, maxEpochs);
      out.push(makeDiagnostic('too-many-epochs', anchor(r.entry), `Task \`${r.name}\`${via} is seen ${fmtNear(r.epochs!, maxEpochs)} epochs over the budget, more than max_epochs ${maxEpochs}: it may over-fit. Lower its rate or scale, set a cap, or raise \`budget.max_epochs\`.`, { fixes }));
    }
    if (rateRules.starved(S, r.rate, starved)) {
      const fixes = starvedTaskFixes(model, r.rate, starved);
      out.push(makeDiagnostic('starved-task', anchor(r.entry), `Task \`${r.name}\`${via} is drawn ${fmt(S! * r.rate)} times over the budget of ${S} examples (fewer than ${starved}): it is barely trained. Raise its rate or the budget.`, { fixes }));
    }
  }
  return out;
}
