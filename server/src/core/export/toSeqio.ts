// seqio registration of the mixture, flattened to its leaf tasks: each rate is the task's final
// probability, and they sum to exactly 1, so seqio's normalization (rate / total rate) changes nothing
// and the sub-mixture structure need not be re-registered.

import { exactProbabilities } from './exactProbabilities';
import { generatedBy, strategyLine, type ExportInput } from './exportInput';
import { commentText, pythonFloat, pythonString } from './pythonText';

export function toSeqio(input: ExportInput): string {
  const { result } = input;
  const rates = exactProbabilities(result.tasks.map((t) => t.rate));
  const lines = [
    `# ${commentText(generatedBy('seqio', input))}.`,
    `# ${commentText(strategyLine(input))}; flattened to leaf tasks.`,
    '# Each rate is the final sampling probability (they sum to 1). Register the tasks with',
    '# seqio.TaskRegistry before this runs.',
    'import seqio',
    '',
    'seqio.MixtureRegistry.add(',
    `    ${pythonString(result.mixture)},`,
    '    [',
    ...result.tasks.map((t, i) => `        (${pythonString(t.name)}, ${pythonFloat(rates[i])}),`),
    '    ],',
    // Every task has a rate, so seqio never falls back to the default.
    '    default_rate=None,',
    ')',
  ];
  return lines.join('\n') + '\n';
}
