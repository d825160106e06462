// A Hugging Face `datasets` snippet that interleaves the tasks' data files with the final probabilities.

import { extname } from 'node:path';
import { generatedBy, strategyLine, type ExportInput } from './exportInput';
import { commentText, pythonFloat, pythonString } from './pythonText';
import { leftOutComment, sampledTasks } from './sampledTasks';
import { unitNote } from './unitNote';

/** The `load_dataset` builder and extra arguments for a data file, by extension (`.gz` is read through). */
function loaderFor(path: string): { builder: string; extra: string } | null {
  const ext = extname(path.toLowerCase().replace(/\.gz$/, ''));
  switch (ext) {
    case '.jsonl':
    case '.json':
      return { builder: 'json', extra: '' };
    case '.csv':
      return { builder: 'csv', extra: '' };
    case '.tsv':
      return { builder: 'csv', extra: ', delimiter="\\t"' };
    case '.parquet':
      return { builder: 'parquet', extra: '' };
    default:
      return null;
  }
}

export function toHuggingFace(input: ExportInput): string {
  const { tasks, leftOut } = sampledTasks(input.result.tasks);
  const datasets = tasks.map(({ task: t }) => {
    const name = commentText(t.name);
    const path = input.dataFiles?.get(t.name);
    if (path === undefined) return `    None,  # ${name}: no data file in the mixture; load this task here`;
    const loader = loaderFor(path);
    if (!loader) return `    None,  # ${name}: ${commentText(path)} has an extension load_dataset cannot read; load it here`;
    return `    load_dataset(${pythonString(loader.builder)}, data_files=${pythonString(path)}, split="train"${loader.extra}),  # ${name}`;
  });
  const lines = [
    `# ${commentText(generatedBy('huggingface', input))}.`,
    `# ${commentText(strategyLine(input))}; one dataset per leaf task, probabilities sum to 1.`,
    `# ${commentText(unitNote('examples', input))}`,
    '# interleave_datasets needs the same columns in every dataset: select or rename them first if the files differ.',
    ...leftOutComment(leftOut, 'with stopping_strategy="all_exhausted", interleave_datasets would wait for them forever'),
    'from datasets import interleave_datasets, load_dataset',
    '',
    'task_datasets = [',
    ...datasets,
    ']',
    'probabilities = [',
    ...tasks.map(({ task, probability }) => `    ${pythonFloat(probability)},  # ${commentText(task.name)}`),
    ']',
    'mixture = interleave_datasets(',
    '    task_datasets,',
    '    probabilities=probabilities,',
    `    seed=${Math.trunc(input.seed ?? 0)},`,
    '    stopping_strategy="all_exhausted",',
    ')',
  ];
  return lines.join('\n') + '\n';
}
