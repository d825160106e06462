// A NeMo training config fragment: `model.data.data_prefix` as weight, prefix pairs (Megatron's blend, normalized
// by NeMo through megatron.core's get_blend_from_list); merge it into a full config.
import { dataPrefix } from '../../export/toMegatron';
import { generatedBy, strategyLine, type ExportInput } from '../../export/exportInput';
import { yamlString } from '../../edit';
import { comments, requireSomeData, sourcesToWrite } from '../exportShared';

export function toNemo(input: ExportInput): string {
  const { sources, withoutData, leftOut } = sourcesToWrite(input);
  requireSomeData('nemo', input, sources.length);
  const lines = [
    ...comments([
      `${generatedBy('nemo', input)}.`,
      `${strategyLine(input)}; weights are final sampling probabilities (NeMo normalizes them).`,
      'A fragment: merge model.data.data_prefix into your training config. Prefixes name preprocessed .bin/.idx pairs.',
      ...(leftOut.length ? [`Left out, probability 0 (Megatron asserts every blend weight > 0): ${leftOut.join(', ')}`] : []),
      ...withoutData.map((n) => `${n}: no data path in the mixture; the others are renormalized without it`),
    ]),
    'model:',
    '  data:',
    '    data_prefix:',
    ...sources.flatMap((s) => [`      - ${s.probability}`, `      - ${yamlString(dataPrefix(s.data))}`]),
  ];
  return lines.join('\n') + '\n';
}
