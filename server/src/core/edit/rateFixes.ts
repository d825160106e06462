// Quick fixes for the rate warnings `too-many-epochs` and `starved-task`, each one edit of the file's text:
// raise (or set) `budget.max_epochs`, switch the strategy to UniMax (which caps every task at max_epochs epochs), and
// raise the budget so the starved task is drawn often enough. Values are replaced in place or added to their map.
import type { Fix, MixtureModel } from '../types';
import { insertKeyEdit, replaceEdit } from './mapEdits';
import { setMaxEpochsEdit } from './repeatCapEdit';
import { yamlNumber } from './scalars';

/** `sampling.strategy: unimax`, replaced in place or added to `sampling`; null without a `sampling` map. */
function unimaxFix(text: string, model: MixtureModel, maxEpochs: number): Fix | null {
  const s = model.sampling;
  if (!s || s.strategy?.value === 'unimax' || !model.budget) return null;
  const edit = s.strategy ? replaceEdit(s.strategy.range, 'unimax') : insertKeyEdit(text, s.keys, s.range, 'strategy: unimax');
  return { title: `Switch to UniMax (no task over ${maxEpochs} epochs)`, edits: [edit] };
}

/** Fixes of `too-many-epochs` for a task seen `epochs` times where `maxEpochs` is the threshold. */
export function tooManyEpochsFixes(text: string, model: MixtureModel, epochs: number, maxEpochs: number): Fix[] {
  const fixes: Fix[] = [];
  const b = model.budget;
  if (b) {
    const raised = Math.ceil(epochs);
    const what = b.max_epochs ? 'Raise' : 'Set';
    fixes.push({ title: `${what} budget.max_epochs to ${raised}`, edits: [setMaxEpochsEdit(text, b, raised)] });
  }
  const unimax = unimaxFix(text, model, maxEpochs);
  if (unimax) fixes.push({ ...unimax, preferred: true });
  return fixes;
}

/** Fixes of `starved-task` for a task of probability `rate`, drawn fewer than `threshold` times over the budget. */
export function starvedTaskFixes(model: MixtureModel, rate: number, threshold: number): Fix[] {
  const b = model.budget;
  if (!b || !(rate > 0)) return [];
  if (b.examples) {
    const S = Math.ceil(threshold / rate);
    return [{ title: `Raise budget.examples to ${S.toLocaleString('en-US')} (the task drawn ${threshold} time${threshold === 1 ? '' : 's'})`, edits: [replaceEdit(b.examples.range, yamlNumber(S))] }];
  }
  if (b.steps && b.batch_size && b.batch_size.value > 0) {
    const steps = Math.ceil(threshold / (rate * b.batch_size.value));
    return [{ title: `Raise budget.steps to ${steps.toLocaleString('en-US')} (the task drawn ${threshold} time${threshold === 1 ? '' : 's'})`, edits: [replaceEdit(b.steps.range, yamlNumber(steps))] }];
  }
  return [];
}
