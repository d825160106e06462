// Edits of one task item of `tasks:`.
import type { TaskEntry, TextEdit } from '../types';
import { insertKeyAfterEdit, insertKeyEdit, replaceEdit } from './mapEdits';

/** The edit that pins a task's `examples` to `count`: its value replaced, else `examples: N` added after its name. */
export function setExamplesEdit(text: string, entry: TaskEntry, count: number): TextEdit {
  if (entry.examples) return replaceEdit(entry.examples.range, String(count));
  const line = `examples: ${count}`;
  const nameKey = entry.keys.find((k) => k.key === 'name');
  return nameKey ? insertKeyAfterEdit(text, entry.range, nameKey, line) : insertKeyEdit(text, entry.keys, entry.range, line);
}
