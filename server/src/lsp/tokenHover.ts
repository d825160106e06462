// Tokens in the editor's text (spec 1.1): the token lines of a task's hover (its tokens, declared, counted, estimated
// or still counting, with its share of the training tokens; its epochs as effective epochs, with the paper they come
// from) and the token share its inlay hint adds.
import type { TaskView } from '../core/analyze';
import { EFFECTIVE_EPOCHS_SOURCE } from '../core/rates/effectiveEpochs';
import type { TaskTokens } from '../core/tokens';
import type { TaskEntry } from '../core/types';
import { markdownCode, markdownText } from './markdown';
import { formatCount, formatPercent } from './numbers';

/** `Tokens: 23,198 counted in `a.jsonl` · 35.6% of the training tokens`; none when the task has nothing to say. */
export function tokenLines(tokens: TaskTokens | undefined, entry: TaskEntry, view: TaskView | undefined): string[] {
  if (!tokens) return [];
  const data = markdownCode(entry.data?.value ?? 'data');
  const parts: string[] = [];
  if (tokens.declared !== undefined) parts.push(`${formatCount(tokens.declared)} declared`);
  if (tokens.counted !== undefined) {
    parts.push(tokens.estimated ? `~${formatCount(tokens.counted)} *estimated* from the first records of ${data} (over the counting limit)` : `${formatCount(tokens.counted)} counted in ${data}`);
  } else if (tokens.pending) parts.push(`counting in ${data}…`);
  else if (tokens.failure && tokens.declared === undefined) parts.push(`not counted: ${markdownText(tokens.failure)}`);
  if (parts.length === 0) return [];
  let line = `Tokens: ${parts.join(' · ')}`;
  if (view?.tokenShare != null) line += ` · **${formatPercent(view.tokenShare)}** of the training tokens`;
  if (tokens.skipped) line += ` (${formatCount(tokens.skipped)} records without the fields are not counted)`;
  return ['', line];
}

/** `Effective epochs: **6.1** ...`, for a task repeated more than once over the budget. */
export function effectiveEpochLines(view: TaskView | undefined): string[] {
  if (!view || view.epochs === null || view.effectiveEpochs === null || !(view.epochs > 1)) return [];
  const worth = view.effectiveEpochs.toFixed(view.effectiveEpochs >= 10 ? 1 : 2);
  return ['', `Effective epochs: **${worth}** epochs of new data are what ${view.epochs.toFixed(1)} repeated epochs are worth (${EFFECTIVE_EPOCHS_SOURCE}: 1 + R*(1 − e^(−(E−1)/R*)), R* = 15.39).`];
}

/** ` · 35.6% tok` after a task's rate in its inlay hint (marked estimated when a count is); empty when unknown. */
export function tokenHintSuffix(tokenShare: number | null | undefined, estimated: boolean | undefined): string {
  if (tokenShare == null) return '';
  return estimated ? ` · ~${formatPercent(tokenShare)} tok (estimated)` : ` · ${formatPercent(tokenShare)} tok`;
}
