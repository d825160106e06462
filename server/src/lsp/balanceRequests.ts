// The Balance Preview's requests: the strategy comparison, the file's sampling, transfer from `results`,
// what-if rates and the sampling simulation over the file's budget. All numbers come from the core.
import type { Analysis, MixtureProject } from '../core/analyze';
import { computeTransfer, simulateSampling, type StrategyComparison, type TransferResult } from '../core/rates';
import { DEFAULT_MAX_EPOCHS } from '../core/validate';
import type { MixtureModel } from '../core/types';
import type { BalanceResponse, FileSampling, TrainingDynamicsParams } from '../../../contracts/lsp';
import type { SamplingSimulation } from '../core/rates';

export function fileSampling(model: MixtureModel, settingsMaxEpochs: number): FileSampling {
  const s = model.sampling;
  return {
    strategy: s?.strategy?.value ?? 'proportional',
    temperature: s?.temperature?.value ?? null,
    cap: s?.cap && s.cap.value > 0 ? s.cap.value : null,
    maxEpochs: model.budget?.max_epochs?.value ?? settingsMaxEpochs ?? DEFAULT_MAX_EPOCHS,
  };
}

export function transferOf(analysis: Analysis): TransferResult | null {
  const r = analysis.model.results;
  if (!r || (!r.single_task && !r.multi_task && !r.pairwise)) return null;
  const scores = (m: Map<string, { value: number }> | undefined) => new Map([...(m ?? [])].map(([k, v]) => [k, v.value]));
  const pairwise = new Map([...(r.pairwise ?? [])].map(([target, row]) => [target, scores(row.sources)]));
  const order = (analysis.rates ?? analysis.lastValidRates)?.tasks.map((t) => t.name) ??
    analysis.model.tasks.flatMap((e) => (e.kind === 'task' && e.name ? [e.name.value] : []));
  return computeTransfer({
    ...(r.metric ? { metric: r.metric.value } : {}),
    higherIsBetter: r.higher_is_better?.value ?? true,
    singleTask: scores(r.single_task),
    multiTask: scores(r.multi_task),
    pairwise,
    taskOrder: order,
  });
}

/**
 * The preview's whole state. `lastComparison` holds the last valid comparison per file, so that a file
 * with errors shows its last valid numbers, marked stale (spec: "With errors").
 */
export function balanceResponse(
  uri: string,
  version: number | null,
  analysis: Analysis,
  project: MixtureProject,
  lastComparison: Map<string, StrategyComparison>,
  settingsMaxEpochs: number,
  analysisVersion: number,
): BalanceResponse {
  const fresh = analysis.rates ? project.compare(analysis) : null;
  if (fresh) lastComparison.set(uri, fresh);
  const comparison = fresh ?? lastComparison.get(uri) ?? null;
  return {
    uri,
    version,
    stale: !fresh && comparison !== null,
    comparison,
    sampling: fileSampling(analysis.model, settingsMaxEpochs),
    transfer: transferOf(analysis),
    analysisVersion,
  };
}

/** The simulation over the file's budget (steps × batch_size, or `examples` drawn one at a time). */
export function trainingDynamics(analysis: Analysis, params: TrainingDynamicsParams, settingsMaxEpochs: number): SamplingSimulation | null {
  const b = analysis.model.budget;
  if (!analysis.rates || !b) return null;
  const steps = b.steps?.value ?? b.examples?.value;
  const batchSize = b.steps ? b.batch_size?.value : 1;
  if (steps === undefined || batchSize === undefined) return null;
  const outcome = simulateSampling(analysis.rates, {
    steps,
    batchSize,
    seed: params.seed ?? 0,
    points: params.points ?? 64,
    epochThreshold: fileSampling(analysis.model, settingsMaxEpochs).maxEpochs,
  });
  return outcome.ok ? outcome.simulation : null;
}
