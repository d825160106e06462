// Where a task is named in a mixture's text, for "click a row to reveal the task".
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

/** [start, end) of the `name:` value of the task called `name` in this file's `tasks:`, or null (e.g. a task
 *  that comes from an included file, or a file that no longer parses). */
export function findTaskNameRange(text: string, name: string): [number, number] | null {
  const doc = parseDocument(text);
  const root = doc.contents;
  if (!isMap(root)) return null;
  const tasks = root.get('tasks', true);
  if (!isSeq(tasks)) return null;
  for (const item of tasks.items) {
    if (!isMap(item)) continue;
    const value = item.get('name', true) as Node | undefined;
    if (value && isScalar(value) && String(value.value) === name && value.range) return [value.range[0], value.range[1]];
  }
  return null;
}
