// An OLMo-core SourceMixtureList YAML (src/olmo_core/data/source_mixture.py): one source per task with its
// target_ratio (ratios sum to exactly 1, as OLMo-core requires) and its data path. OLMo-core's ratios are shares of
// tokens and its paths are token files (.npy); TaskMix's probabilities are per example: they agree when the tasks'
// examples have the same mean length in tokens.
import { generatedBy, strategyLine, type ExportInput } from '../../export/exportInput';
import { yamlString } from '../../edit';
import { comments, requireData, requireSomeData, sourcesToWrite } from '../exportShared';

export function toOlmo(input: ExportInput): string {
  const { sources, withoutData, leftOut } = sourcesToWrite(input);
  requireData('olmo', input, withoutData, 'OLMo-core needs paths for every source whose ratios must sum to 1');
  requireSomeData('olmo', input, sources.length);
  const lines = [
    ...comments([
      `${generatedBy('olmo', input)}.`,
      `${strategyLine(input)}; target_ratio is each task's probability (they sum to 1).`,
      "OLMo-core's ratios are shares of tokens and its paths are tokenized .npy files: point the paths at the tokenized data.",
      ...(leftOut.length ? [`Left out, probability 0 (OLMo-core: target_ratio must be > 0): ${leftOut.join(', ')}`] : []),
    ]),
    'sources:',
    ...sources.flatMap((s) => [`  - source_name: ${yamlString(s.name)}`, `    target_ratio: ${s.probability}`, '    paths:', `      - ${yamlString(s.data)}`]),
  ];
  return lines.join('\n') + '\n';
}
