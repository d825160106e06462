// A LLaMA-Factory training config fragment: the tasks as datasets interleaved with their probabilities
// (`mix_strategy: interleave_over`, datasets' all_exhausted, as the Hugging Face export; `interleave_probs` sum to
// exactly 1, as numpy requires), and the dataset_info.json that defines them (dataset_dir `.`: the folder
// LLaMA-Factory runs in, where `taskmix export --out` writes it beside the config).
import { ExportRefusedError, generatedBy, strategyLine, type ExportInput } from '../../export/exportInput';
import { comments, requireData, requireSomeData, sourcesToWrite } from '../exportShared';

function checkNames(input: ExportInput, names: readonly string[]): void {
  const bad = names.filter((n) => n.includes(',') || n.trim() !== n || n === '');
  if (bad.length) throw new ExportRefusedError(`mixture ${input.result.mixture} cannot be exported for llamafactory: LLaMA-Factory splits \`dataset\` on commas, so ${bad.map((b) => JSON.stringify(b)).join(', ')} cannot be dataset names; rename the tasks`);
}

interface DatasetEntry {
  file_name: string;
  columns?: { prompt: string; response: string };
}

/** A task's dataset_info.json entry: its file, and its fields as LLaMA-Factory's alpaca columns (prompt, response). */
function datasetEntry(input: ExportInput, name: string, data: string): DatasetEntry {
  const fields = input.fieldNames?.get(name);
  return fields ? { file_name: data, columns: { prompt: fields.input, response: fields.target } } : { file_name: data };
}

/** The dataset_info.json entries of the export. */
export function llamaFactoryDatasetInfo(input: ExportInput): string {
  const { sources } = sourcesToWrite(input);
  const info: Record<string, DatasetEntry> = {};
  for (const s of sources) info[s.name] = datasetEntry(input, s.name, s.data);
  return JSON.stringify(info, null, 2) + '\n';
}

export function toLlamaFactory(input: ExportInput): string {
  const { sources, withoutData, leftOut } = sourcesToWrite(input);
  requireData('llamafactory', input, withoutData, 'interleave_probs must sum to 1 over the datasets LLaMA-Factory loads');
  requireSomeData('llamafactory', input, sources.length);
  checkNames(input, sources.map((s) => s.name));
  const lines = [
    ...comments([
      `${generatedBy('llamafactory', input)}.`,
      `${strategyLine(input)}; interleave_probs are the tasks' probabilities (they sum to 1).`,
      'A fragment: merge these keys into your training config. dataset_info.json in dataset_dir defines the datasets:',
      ...sources.map((s) => `  ${JSON.stringify(s.name)}: ${JSON.stringify(datasetEntry(input, s.name, s.data))}`),
      ...(leftOut.length ? [`Left out, probability 0: ${leftOut.join(', ')}`] : []),
    ]),
    `dataset: ${JSON.stringify(sources.map((s) => s.name).join(','))}`,
    'dataset_dir: .',
    'mix_strategy: interleave_over',
    `interleave_probs: ${JSON.stringify(sources.map((s) => s.probability).join(','))}`,
  ];
  return lines.join('\n') + '\n';
}
