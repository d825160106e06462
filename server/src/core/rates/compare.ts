// The same mixture under the common strategies, side by side (`taskmix compare`, the Strategies heatmap).
// The generic columns are the strategies as defined, without a cap; the file's cap gets its own
// proportional column, and the file's own configuration is flagged (added as its own column only when
// no generic column is the same configuration). UniMax appears only when the budget S and max_epochs
// make it computable. A column whose rates cannot be computed (e.g. a task `rate` under unimax) is left out.

import { computeRates } from './computeRates';
import { capOf, formatRateNumber } from './rawRate';
import type { RateMixtureNode, RateOverrides, RatesResult, RateStrategy, StrategyConfig } from './types';

export interface StrategyColumn {
  id: string;
  label: string;
  strategy: RateStrategy;
  temperature?: number;
  cap?: number;
  isFileStrategy: boolean;
  result: RatesResult;
}

export interface StrategyComparison {
  mixture: string;
  columns: StrategyColumn[];
}

interface ColumnSpec {
  id: string;
  label: string;
  overrides: Required<Pick<RateOverrides, 'strategy'>> & RateOverrides;
}

/** A label for a strategy configuration, e.g. `temperature T=2, K=2097152`. */
export function describeStrategy(s: StrategyConfig): string {
  const parts: string[] = [];
  if (s.strategy === 'temperature' && s.temperature !== undefined) parts.push(`T=${formatRateNumber(s.temperature)}`);
  if (s.strategy === 'unimax' && s.maxEpochs !== undefined) parts.push(`N=${formatRateNumber(s.maxEpochs)}`);
  const cap = capOf(s);
  if (cap !== undefined && s.strategy !== 'uniform' && s.strategy !== 'manual' && s.strategy !== 'unimax') {
    parts.push(`K=${formatRateNumber(cap)}`);
  }
  if (s.unit === 'tokens') parts.push('by tokens');
  return parts.length ? `${s.strategy} ${parts.join(', ')}` : s.strategy;
}

/** Whether two root configurations give the same rates (only the fields the strategy reads). */
function sameConfig(a: StrategyConfig, b: StrategyConfig): boolean {
  if (a.strategy !== b.strategy || (a.unit ?? 'examples') !== (b.unit ?? 'examples')) return false;
  const capMatters = a.strategy === 'proportional' || a.strategy === 'temperature' || a.strategy === 'sqrt';
  if (capMatters && capOf(a) !== capOf(b)) return false;
  if (a.strategy === 'temperature' && a.temperature !== b.temperature) return false;
  if (a.strategy === 'unimax' && a.maxEpochs !== b.maxEpochs) return false;
  if (a.strategy === 'manual' && a.defaultRate !== b.defaultRate) return false;
  return true;
}

export function compareStrategies(root: RateMixtureNode, examplesDrawn: number | null): StrategyComparison {
  const fileCap = capOf(root.sampling);
  const specs: ColumnSpec[] = [
    { id: 'uniform', label: 'uniform', overrides: { strategy: 'uniform', cap: 0 } },
    { id: 'proportional', label: 'proportional', overrides: { strategy: 'proportional', cap: 0 } },
  ];
  if (fileCap !== undefined) {
    specs.push({
      id: 'proportional-cap',
      label: `proportional, K=${formatRateNumber(fileCap)}`,
      overrides: { strategy: 'proportional', cap: fileCap },
    });
  }
  for (const t of [2, 4, 8]) {
    specs.push({ id: `temperature-${t}`, label: `T=${t}`, overrides: { strategy: 'temperature', temperature: t, cap: 0 } });
  }
  specs.push({ id: 'sqrt', label: 'sqrt', overrides: { strategy: 'sqrt', cap: 0 } });
  const maxEpochs = root.sampling.maxEpochs;
  if ((examplesDrawn !== null || root.tokensDrawn !== undefined) && maxEpochs !== undefined && maxEpochs > 0) {
    specs.push({ id: 'unimax', label: `UniMax, N=${formatRateNumber(maxEpochs)}`, overrides: { strategy: 'unimax' } });
  }

  const columns: StrategyColumn[] = [];
  let fileColumnFound = false;
  for (const spec of specs) {
    const outcome = computeRates(root, { examplesDrawn, overrides: spec.overrides });
    if (!outcome.ok) continue;
    const effective = outcome.rootSampling;
    const isFileStrategy: boolean = !fileColumnFound && sameConfig(effective, root.sampling);
    fileColumnFound ||= isFileStrategy;
    columns.push(makeColumn(spec.id, spec.label, effective, isFileStrategy, outcome.result));
  }
  if (!fileColumnFound) {
    const outcome = computeRates(root, { examplesDrawn });
    if (outcome.ok) {
      columns.push(makeColumn('file', `file: ${describeStrategy(root.sampling)}`, root.sampling, true, outcome.result));
    }
  }
  return { mixture: root.name, columns };
}

function makeColumn(id: string, label: string, s: StrategyConfig, isFileStrategy: boolean, result: RatesResult): StrategyColumn {
  const column: StrategyColumn = { id, label, strategy: s.strategy, isFileStrategy, result };
  if (s.strategy === 'temperature' && s.temperature !== undefined) column.temperature = s.temperature;
  const cap = capOf(s);
  if (cap !== undefined && (s.strategy === 'proportional' || s.strategy === 'temperature' || s.strategy === 'sqrt')) column.cap = cap;
  // Key order is part of the stable JSON shape: id, label, strategy, temperature?, cap?, isFileStrategy, result.
  const { result: r, isFileStrategy: f, ...head } = column;
  return { ...head, isFileStrategy: f, result: r };
}
