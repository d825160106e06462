// The Balance Preview's data, computed in Node by the core exactly as the language server answers
// `taskmix/balance`, `taskmix/whatIfRates` and `taskmix/trainingDynamics` (see client/src/views/balanceRequests.ts):
// the test host and the benchmark feed the view real core output through it.
import { fileURLToPath } from 'node:url';
import { MixtureProject, samplingOf, type Analysis } from '../../server/src/core/analyze';
import { compareStrategies, computeRates, computeTransfer, simulateSampling, type StrategyComparison } from '../../server/src/core/rates';
import type { MixtureModel } from '../../server/src/core/types';
import type { BalanceDataSource, BalanceResponse } from '../../client/src/views/balanceRequests';
import type { TransferJson } from '../../client/webview/shared/balanceData';

const DEFAULT_MAX_EPOCHS = 10;

export function transferOf(model: MixtureModel, taskOrder: string[]): TransferJson | null {
  const r = model.results;
  if (!r?.pairwise && !r?.single_task && !r?.multi_task) return null;
  const values = (m?: Map<string, { value: number }>) => new Map([...(m ?? new Map<string, { value: number }>())].map(([k, v]) => [k, v.value]));
  return computeTransfer({
    metric: r.metric?.value,
    higherIsBetter: r.higher_is_better?.value ?? true,
    singleTask: values(r.single_task),
    multiTask: values(r.multi_task),
    pairwise: new Map([...(r.pairwise ?? new Map())].map(([t, row]) => [t, values(row.sources)])),
    taskOrder,
  });
}

export class CoreBalanceSource implements BalanceDataSource {
  readonly project = new MixtureProject();
  private readonly analyses = new Map<string, Analysis>();
  private readonly lastComparison = new Map<string, StrategyComparison>();

  setText(uri: string, text: string): void {
    this.project.setText(fileURLToPath(uri), text);
    this.analyses.delete(uri);
  }

  private async analysis(uri: string): Promise<Analysis> {
    let a = this.analyses.get(uri);
    if (!a) {
      a = await this.project.analyze(fileURLToPath(uri));
      this.analyses.set(uri, a);
    }
    return a;
  }

  async balance(uri: string): Promise<BalanceResponse> {
    const a = await this.analysis(uri);
    let comparison = a.tree ? compareStrategies(a.tree, a.examplesDrawn) : null;
    if (comparison) this.lastComparison.set(uri, comparison);
    const stale = !a.rates && this.lastComparison.has(uri);
    comparison ??= this.lastComparison.get(uri) ?? null;
    const s = samplingOf(a.model);
    return {
      uri,
      version: null,
      stale,
      comparison,
      sampling: { strategy: s.strategy, temperature: s.temperature ?? null, cap: s.cap ?? null, maxEpochs: a.model.budget?.max_epochs?.value ?? DEFAULT_MAX_EPOCHS },
      transfer: transferOf(a.model, a.tasks.map((t) => t.name)),
    };
  }

  async whatIf(uri: string, temperature: number, cap: number | null) {
    const a = await this.analysis(uri);
    if (!a.tree) return null;
    const outcome = computeRates(a.tree, { examplesDrawn: a.examplesDrawn, overrides: { strategy: 'temperature', temperature, cap: cap ?? 0 } });
    if (!outcome.ok) throw new Error(outcome.errors.map((e) => e.message).join('; '));
    return outcome.result;
  }

  async dynamics(uri: string) {
    const a = await this.analysis(uri);
    const b = a.model.budget;
    if (!a.rates || !b?.steps || !b.batch_size) return null;
    const outcome = simulateSampling(a.rates, { steps: b.steps.value, batchSize: b.batch_size.value, seed: 0, points: 64, spacing: 'linear', epochThreshold: b.max_epochs?.value ?? DEFAULT_MAX_EPOCHS });
    if (!outcome.ok) throw new Error(outcome.error);
    return outcome.simulation;
  }
}
