// "Write to results" (`taskmix/resultsEdit`): the edit that writes one score into `results.single_task` or
// `results.multi_task`. It replaces the task's value when present, else inserts the entry (creating the map, and
// `results` itself, when absent), in the style of what is there (block or flow maps, the file's indentation). Only
// the inserted or replaced text changes, so comments and formatting elsewhere are kept.
import { columnAt } from '../lineIndex';
import type { KeyInfo, MixtureModel, Range, TextEdit } from '../types';
import { refusal, type EditPlan } from './editPlan';
import { appendLinesEdit, flowBraces, indentUnitOf, insertIntoFlowEdit, insertKeyEdit, insertLinesBelowEdit, replaceEdit } from './mapEdits';
import { formatScore, yamlKey } from './scalars';

export interface ResultsScore {
  task: string;
  block: 'single_task' | 'multi_task';
  metric: string;
  value: number;
}

/** A results edit; `replaces` when it overwrites a score already in the file with another value (the client asks
 *  first, showing both: a 4-record evaluation must not silently replace a real score). */
export interface ResultsEditPlan extends EditPlan {
  replaces?: { previous: number; next: number };
}

export function planResultsEdit(text: string, model: MixtureModel, score: ResultsScore): ResultsEditPlan {
  if (!Number.isFinite(score.value)) return refusal(`The ${score.metric} score is undefined: there is nothing to write.`);
  const entry = `${yamlKey(score.task)}: ${formatScore(score.value)}`;
  const unit = indentUnitOf(text);
  const resultsKey = model.keys.find((k) => k.key === 'results');
  if (!resultsKey) return { edits: [appendLinesEdit(text, ['results:', `${unit}metric: ${score.metric}`, `${unit}${score.block}:`, `${unit}${unit}${entry}`])] };
  if (resultsKey.valueType === 'null') {
    // `results: ~` (a written null): the map takes its place, on the same line, in flow style.
    if (resultsKey.valueRange[1] > resultsKey.valueRange[0]) {
      return { edits: [replaceEdit(resultsKey.valueRange, `{metric: ${score.metric}, ${score.block}: {${entry}}}`)] };
    }
    // `results:` with nothing after it: its entries go on the lines below.
    const column = columnAt(text, resultsKey.keyRange[0]) + unit.length;
    return { edits: [insertLinesBelowEdit(text, resultsKey.keyRange[1], column, [`metric: ${score.metric}`, `${score.block}:`, `${unit}${entry}`])] };
  }
  const results = model.results;
  if (resultsKey.valueType !== 'map' || !results) return refusal('`results` is not a map: fix it before writing scores.');

  const warning =
    results.metric && results.metric.value !== score.metric
      ? `results.metric is '${results.metric.value}', but this score is ${score.metric}: the block would mix two metrics.`
      : undefined;
  const withWarning = (plan: ResultsEditPlan): ResultsEditPlan => (warning ? { ...plan, warning } : plan);

  const existing = results[score.block]?.get(score.task);
  if (existing) {
    const written = formatScore(score.value);
    if (Number(written) === existing.value) return withWarning({ edits: [] });
    return withWarning({ edits: [replaceEdit(existing.range, written)], replaces: { previous: existing.value, next: Number(written) } });
  }

  const blockKey = results.keys.find((k) => k.key === score.block);
  if (blockKey && blockKey.valueType === 'map') {
    const scores: KeyInfo[] = [...(results[score.block]?.values() ?? [])].map((v) => ({ key: '', keyRange: v.nameRange, valueRange: v.range, valueType: 'number' }));
    return withWarning({ edits: [addToMap(text, blockKey.valueRange, scores, [entry])] });
  }
  if (blockKey && blockKey.valueType === 'null') {
    const column = columnAt(text, blockKey.keyRange[0]) + unit.length;
    return withWarning({ edits: [insertLinesBelowEdit(text, blockKey.keyRange[1], column, [entry])] });
  }
  if (blockKey) return refusal(`results.${score.block} is not a map: fix it before writing scores.`);
  const metric = results.metric ? [] : [`metric: ${score.metric}`];
  const braces = flowBraces(text, results.range);
  if (braces) return withWarning({ edits: [insertIntoFlowEdit(text, braces, [...metric, `${score.block}: {${entry}}`])] });
  return withWarning({ edits: [addToMap(text, results.range, results.keys, [...metric, `${score.block}:`, `${unit}${entry}`])] });
}

/** Entries added to a map; a block map none of whose scores is a number (so no key is known) gets them below its end. */
function addToMap(text: string, range: Range, keys: readonly KeyInfo[], lines: readonly string[]): TextEdit {
  if (keys.length === 0 && !flowBraces(text, range)) return insertLinesBelowEdit(text, range[1], columnAt(text, range[0]), lines);
  return insertKeyEdit(text, keys, range, lines);
}
