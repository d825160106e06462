// The `diminishing-repeats` quick fix's edits: the cap K (raised, or removed), a task's `scale` or `rate`
// (rates/repeatCap.ts says which and how much), or UniMax's N (`budget.max_epochs`), replaced in place or added to
// their map in the map's own style.
import type { BudgetSpec, SamplingSpec, TaskEntry, TextEdit } from '../types';
import { insertKeyEdit, removeKeyEdit, replaceEdit } from './mapEdits';
import { yamlNumber } from './scalars';

/** Sets a number key of a task item: its value replaced, else `key: value` added to the item. */
export function setTaskNumberEdit(text: string, entry: TaskEntry, key: 'scale' | 'rate', value: number): TextEdit {
  const written = entry[key];
  if (written) return replaceEdit(written.range, yamlNumber(value));
  return insertKeyEdit(text, entry.keys, entry.range, `${key}: ${yamlNumber(value)}`);
}

/** Sets `budget.max_epochs` (UniMax's N) in an existing budget map. */
export function setMaxEpochsEdit(text: string, budget: BudgetSpec, value: number): TextEdit {
  if (budget.max_epochs) return replaceEdit(budget.max_epochs.range, yamlNumber(value));
  return insertKeyEdit(text, budget.keys, budget.range, `max_epochs: ${yamlNumber(value)}`);
}

/** Sets `sampling.cap` to `value`, or removes it (null: no cap). */
export function setCapEdit(text: string, sampling: SamplingSpec, value: number | null): TextEdit | null {
  const key = sampling.keys.find((k) => k.key === 'cap');
  if (!key) return null;
  return value === null ? removeKeyEdit(text, key) : replaceEdit(key.valueRange, yamlNumber(value));
}
