// What the engine exports share: the sampled tasks with their data paths, and the tasks left out.
import { ExportRefusedError, type ExportFormat, type ExportInput } from '../export/exportInput';
import { commentText } from '../export/pythonText';
import { sampledTasks } from '../export/sampledTasks';

export interface WrittenSource {
  name: string;
  probability: number;
  /** The data path relative to the mixture's folder, as `dataFiles` gives it. */
  data: string;
}

/** The tasks with probability > 0 that have data, and comment lines for those without (and those left out). */
export function sourcesToWrite(input: ExportInput): { sources: WrittenSource[]; withoutData: string[]; leftOut: string[] } {
  const { tasks, leftOut } = sampledTasks(input.result.tasks);
  const sources: WrittenSource[] = [];
  const withoutData: string[] = [];
  for (const { task, probability } of tasks) {
    const data = input.dataFiles?.get(task.name);
    if (data === undefined) withoutData.push(task.name);
    else sources.push({ name: task.name, probability, data });
  }
  return { sources, withoutData, leftOut };
}

/** Refuses an export whose every sampled task must have data (ratios that must sum to 1). */
export function requireData(format: ExportFormat, input: ExportInput, withoutData: readonly string[], why: string): void {
  if (withoutData.length === 0) return;
  throw new ExportRefusedError(
    `mixture ${input.result.mixture} cannot be exported for ${format}: ${withoutData.join(', ')} ${withoutData.length === 1 ? 'has' : 'have'} no \`data\` file, and ${why}; give ${withoutData.length === 1 ? 'it' : 'them'} \`data:\``,
  );
}

/** Refuses an export with nothing to write. */
export function requireSomeData(format: ExportFormat, input: ExportInput, count: number): void {
  if (count > 0) return;
  throw new ExportRefusedError(`mixture ${input.result.mixture} cannot be exported for ${format}: no task with probability > 0 has a \`data\` file; give the tasks \`data:\``);
}

/** `# text` lines. */
export function comments(lines: readonly string[]): string[] {
  return lines.map((l) => `# ${commentText(l)}`);
}
