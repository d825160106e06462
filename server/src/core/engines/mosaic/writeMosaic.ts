// An llm-foundry train_loader fragment: one MosaicML streaming stream per task with its `proportion` (relative
// weights, normalized by streaming's Stream.apply_weights) and the task's data as `local`. Without `epoch_size`, an
// epoch has as many samples as the streams together; set it to fix the epoch's length.
import { generatedBy, strategyLine, type ExportInput } from '../../export/exportInput';
import { yamlKey, yamlString } from '../../edit';
import { comments, requireSomeData, sourcesToWrite } from '../exportShared';

export function toMosaic(input: ExportInput): string {
  const { sources, withoutData, leftOut } = sourcesToWrite(input);
  requireSomeData('mosaic', input, sources.length);
  const lines = [
    ...comments([
      `${generatedBy('mosaic', input)}.`,
      `${strategyLine(input)}; each proportion is the task's probability (streaming normalizes them).`,
      'A fragment: merge train_loader.dataset into your llm-foundry config; `local` must hold the MDS shards of each task.',
      ...(leftOut.length ? [`Left out, probability 0: ${leftOut.join(', ')}`] : []),
      ...withoutData.map((n) => `${n}: no data path in the mixture; the others are renormalized without it`),
    ]),
    'train_loader:',
    '  dataset:',
    '    streams:',
    ...sources.flatMap((s) => [`      ${yamlKey(s.name)}:`, `        local: ${yamlString(s.data)}`, `        proportion: ${s.probability}`]),
  ];
  return lines.join('\n') + '\n';
}
