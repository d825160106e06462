// seqio registration of the mixture, flattened to its leaf tasks: each rate is the task's final
// probability, and they sum to exactly 1, so seqio's normalization (rate / total rate) changes nothing
// and the sub-mixture structure need not be re-registered.

import { generatedBy, strategyLine, type ExportInput } from './exportInput';
import { commentText, pythonFloat, pythonString } from './pythonText';
import { leftOutComment, sampledTasks } from './sampledTasks';
import { unitNote } from './unitNote';

export function toSeqio(input: ExportInput): string {
  const { result } = input;
  const { tasks, leftOut } = sampledTasks(result.tasks);
  const lines = [
    `# ${commentText(generatedBy('seqio', input))}.`,
    `# ${commentText(strategyLine(input))}; flattened to leaf tasks.`,
    `# ${commentText(unitNote('examples', input))}`,
    '# Each rate is the final sampling probability (they sum to 1). Register the tasks with',
    '# seqio.TaskRegistry before this runs.',
    ...leftOutComment(leftOut, 'seqio would still load their datasets'),
    'import seqio',
    '',
    'seqio.MixtureRegistry.add(',
    `    ${pythonString(result.mixture)},`,
    '    [',
    ...tasks.map(({ task, probability }) => `        (${pythonString(task.name)}, ${pythonFloat(probability)}),`),
    '    ],',
    // Every task has a rate, so seqio never falls back to the default.
    '    default_rate=None,',
    ')',
  ];
  return lines.join('\n') + '\n';
}
