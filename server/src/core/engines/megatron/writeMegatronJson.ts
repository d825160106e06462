// Megatron-LM's `--per-split-data-args-path` file: the train blend as weight, prefix pairs (weights are the final
// probabilities; Megatron normalizes them anyway), valid and test null. JSON has no comments: what a header would
// say is in keys that start with `_`, which Megatron never reads (it reads "train", "valid" and "test").
import { dataPrefix } from '../../export/toMegatron';
import { generatedBy, strategyLine, type ExportInput } from '../../export/exportInput';
import { requireSomeData, sourcesToWrite } from '../exportShared';

export function toMegatronJson(input: ExportInput): string {
  const { sources, withoutData, leftOut } = sourcesToWrite(input);
  requireSomeData('megatron-json', input, sources.length);
  const body: Record<string, unknown> = {
    _generated_by: `${generatedBy('megatron-json', input)}; ${strategyLine(input)}; weights are final sampling probabilities`,
  };
  if (leftOut.length) body._left_out = { why: 'probability 0: Megatron-LM asserts every blend weight > 0', tasks: leftOut };
  if (withoutData.length) body._without_data = { why: 'no data path in the mixture: the others are renormalized without them', tasks: withoutData };
  body.train = sources.flatMap((s) => [s.probability, dataPrefix(s.data)]);
  body.valid = null;
  body.test = null;
  return JSON.stringify(body, null, 2) + '\n';
}
