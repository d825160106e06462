// Rates under what-ifs (the root's strategy, temperature and cap) from an analysis's built tree. A what-if changes
// nothing but the root's sampling, so nothing is parsed, counted or validated again: the one way the CLI
// (`taskmix rates --strategy/--temperature/--cap`), `taskmix/rates` with overrides and the Balance Preview's slider
// (`taskmix/whatIfRates`, on every step) compute them.
import { RATE_ERROR_CODES, type Analysis } from './analyze';
import { computeRates, type RateEntry, type RateMixtureNode, type RateOverrides, type RatesResult, type StrategyConfig } from './rates';
import type { Diagnostic, Range } from './types';
import { DIAGNOSTIC_CODES, makeDiagnostic } from './validate';

export interface OverriddenRates {
  /** Null while the file has errors, or when the what-ifs make rates impossible (`diagnostics` then says why). */
  rates: RatesResult | null;
  /** The root's sampling with the what-ifs applied; null with `rates`. */
  sampling: StrategyConfig | null;
  /**
   * The file's diagnostics under the what-ifs: without the warnings about its own rates (epochs, starved tasks:
   * they judge the file's strategy, not the what-if), with the errors the what-ifs cause, at the `tasks` key.
   */
  diagnostics: Diagnostic[];
}

/** The analysis's rates with `overrides` applied to the root mixture. */
export function ratesUnderOverrides(analysis: Pick<Analysis, 'tree' | 'examplesDrawn' | 'diagnostics' | 'model'>, overrides: RateOverrides): OverriddenRates {
  const diagnostics = analysis.diagnostics.filter((d) => stageOf(d.code) !== 'rates');
  // The tree is null exactly when the file (or what it includes) has errors: they stay the answer.
  if (!analysis.tree) return { rates: null, sampling: null, diagnostics };
  const outcome = computeRates(analysis.tree, { examplesDrawn: analysis.examplesDrawn, overrides });
  if (outcome.ok) return { rates: outcome.result, sampling: outcome.rootSampling, diagnostics };
  const at: Range = analysis.model.tasksKey ?? [0, 0];
  for (const e of outcome.errors) {
    const code = RATE_ERROR_CODES[e.code];
    if (!diagnostics.some((d) => d.code === code)) diagnostics.push(makeDiagnostic(code, at, e.message));
  }
  diagnostics.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1] || a.code.localeCompare(b.code));
  return { rates: null, sampling: null, diagnostics };
}

function stageOf(code: string): string | undefined {
  return (DIAGNOSTIC_CODES as Record<string, { stage: string } | undefined>)[code]?.stage;
}

/**
 * Whether two analyses give the same rates under every what-if: the same tree (tasks, sizes, scales, fixed rates,
 * strategies, sub-mixtures) and the same budget. A keystroke in a comment, a description or `results` keeps them;
 * so does an edit that only changes the diagnostics.
 */
export function sameRateInputs(a: Pick<Analysis, 'tree' | 'examplesDrawn'>, b: Pick<Analysis, 'tree' | 'examplesDrawn'>): boolean {
  if (a.examplesDrawn !== b.examplesDrawn) return false;
  if (a.tree === b.tree) return true;
  return a.tree !== null && b.tree !== null && sameNode(a.tree, b.tree);
}

function sameSampling(a: StrategyConfig, b: StrategyConfig): boolean {
  return a.strategy === b.strategy && a.temperature === b.temperature && a.cap === b.cap && a.defaultRate === b.defaultRate && a.maxEpochs === b.maxEpochs && a.unit === b.unit;
}

function sameNode(a: RateEntry, b: RateEntry): boolean {
  if (a.kind !== b.kind || a.name !== b.name || a.rate !== b.rate) return false;
  if (a.kind === 'task') {
    const t = b as typeof a;
    return a.prefix === t.prefix && a.examples === t.examples && a.scale === t.scale && a.tokens === t.tokens && a.tokensEstimated === t.tokensEstimated;
  }
  const m = b as RateMixtureNode;
  if (!sameSampling(a.sampling, m.sampling) || a.tokensDrawn !== m.tokensDrawn || a.entries.length !== m.entries.length) return false;
  for (let i = 0; i < a.entries.length; i++) if (!sameNode(a.entries[i]!, m.entries[i]!)) return false;
  return true;
}
