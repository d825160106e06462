// `diminishing-repeats`: tasks repeated more epochs than the threshold (the `taskmix.diminishingRepeats` setting,
// default 4), past which repeated data is worth markedly less than new data (Muennighoff et al. 2023: about 4 epochs
// are nearly as good as new, and the value flattens past ~16). The quick fix caps the task where the strategy can:
// - unimax: N (`budget.max_epochs`) lowered to the threshold, UniMax's own cap on every task's epochs;
// - proportional, temperature, sqrt with a cap K: K raised (or removed) to the smallest value under which no repeated
//   task passes the threshold. A cap lowers the large tasks' rates, so the small, repeated tasks get more: raising it
//   is what lowers their epochs (a lower or a new cap would raise them);
// - otherwise, and as the other choice: the task's seqio `scale` (a fixed `rate` where it has one; manual and
//   uniform: its `rate`) set to the value that gives it the threshold, every other raw rate kept (rates/repeatCap.ts).
// Tasks reached through includes, or listed more than once, get the warning without a fix (their rate is not one
// number in this file).
import { setCapEdit, setMaxEpochsEdit, setTaskNumberEdit } from '../edit';
import { effectiveEpochs } from '../rates/effectiveEpochs';
import { capForRepeats, rawRateForEpochs, repeatCapFor } from '../rates/repeatCap';
import type { RateMixtureNode, RatesResult, StrategyConfig, TaskRateDetail } from '../rates/types';
import type { Diagnostic, Fix, IncludeEntry, MixtureModel, TaskEntry } from '../types';
import { makeDiagnostic } from './diagnosticCodes';
import { entryAnchor } from './entryChecks';

export const DEFAULT_REPEAT_THRESHOLD = 4;

function fmt(x: number): string {
  return x >= 100 ? String(Math.round(x)) : x.toPrecision(3).replace(/\.?0+$/, '');
}

export interface RepeatCheckInput {
  model: MixtureModel;
  text: string;
  rates: RatesResult;
  /** The root's sampling the rates were computed with. */
  sampling: StrategyConfig;
  /** The tree the rates were computed from (the cap fix recomputes the root's raw rates under other caps). */
  tree: RateMixtureNode;
  /** Aligned with `rates.tasks`: how many include paths reach each task. */
  details: readonly TaskRateDetail[];
  /** The include item of this file that brings in each task it does not list itself. */
  includedVia: ReadonlyMap<string, IncludeEntry>;
  threshold?: number;
}

export function checkDiminishingRepeats(input: RepeatCheckInput): Diagnostic[] {
  const { model, text, rates, sampling } = input;
  const threshold = input.threshold ?? DEFAULT_REPEAT_THRESHOLD;
  const over = (epochs: number | null | undefined): epochs is number => epochs != null && epochs > threshold * (1 + 1e-9);
  if (!rates.tasks.some((t) => over(t.epochs))) return [];
  const own = new Map<string, TaskEntry>();
  for (const e of model.tasks) if (e.kind === 'task' && e.name && !own.has(e.name.value)) own.set(e.name.value, e);
  const hasIncludes = model.tasks.some((e) => e.kind === 'include');
  const out: Diagnostic[] = [];
  // One cap for all of them: raising K lowers every repeated task's epochs at once.
  // Sets and maps, not searches: a 10,000-task file can have thousands of repeated tasks on every keystroke.
  const fixable = new Set(rates.tasks.filter((t, i) => over(t.epochs) && own.has(t.name) && t.via.length === 1 && (input.details[i]?.paths ?? 1) === 1));
  const rootIndex = new Map<string, number>();
  input.tree.entries.forEach((e, i) => {
    if (e.kind === 'task' && !rootIndex.has(e.name)) rootIndex.set(e.name, i);
  });
  const rootIndexes = [...fixable].map((t) => rootIndex.get(t.name)).filter((i): i is number => i !== undefined);
  const cap = rates.examples_drawn !== null && rates.tokens_drawn === undefined && model.sampling ? capForRepeats(input.tree, sampling, rates.examples_drawn, rootIndexes, threshold) : undefined;
  const capEdit = cap !== undefined && model.sampling ? setCapEdit(text, model.sampling, cap) : null;
  rates.tasks.forEach((task) => {
    if (!over(task.epochs)) return;
    const entry = own.get(task.name) ?? input.includedVia.get(task.name);
    if (!entry) return;
    const via = entry.kind === 'include' ? ` (through ${entry.include.value})` : '';
    const worth = effectiveEpochs(task.epochs);
    const message =
      `Task \`${task.name}\`${via} is repeated ${fmt(task.epochs)} epochs over the budget, past ${threshold}: repeated data is ` +
      `worth less than new data (Muennighoff et al. 2023: ${fmt(task.epochs)} epochs are worth ${fmt(worth)} epochs of new data, ` +
      'and no amount of repeating is worth more than 16.4). Cap it, give it more data, or lower the budget.';
    const fixes: Fix[] = [];
    if (sampling.strategy === 'unimax') {
      const n = sampling.maxEpochs;
      if (model.budget && n !== undefined && n > threshold) {
        fixes.push({ title: `Cap every task at ${threshold} epochs (UniMax's N: max_epochs ${threshold})`, edits: [setMaxEpochsEdit(text, model.budget, threshold)], preferred: true });
      }
    } else if (entry.kind === 'task' && fixable.has(task)) {
      if (capEdit) {
        const title = cap === null ? 'Remove the cap K (no task then passes the threshold)' : `Raise the cap K to ${cap} (no repeated task then passes ${threshold} epochs)`;
        fixes.push({ title, edits: [capEdit], preferred: true });
      }
      const raw = rawRateForEpochs(rates, task, sampling, threshold, hasIncludes);
      const change = raw === null ? null : repeatCapFor(raw, task, sampling, entry.rate !== undefined);
      if (change) {
        fixes.push({
          title: `Cap \`${task.name}\` at ${threshold} epochs (${change.key}: ${change.value})`,
          edits: [setTaskNumberEdit(text, entry, change.key, change.value)],
          preferred: !capEdit,
        });
      }
    }
    out.push(makeDiagnostic('diminishing-repeats', entryAnchor(entry), message, { fixes }));
  });
  return out;
}
