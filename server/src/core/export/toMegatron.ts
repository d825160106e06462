// A Megatron-LM blend: `--data-path w1 prefix1 w2 prefix2 ...`, weights = final probabilities.
// Megatron reads preprocessed .bin/.idx pairs by prefix; the prefix written here is the task's data
// file without its extension, to be pointed at the output of tools/preprocess_data.py.

import { exactProbabilities } from './exactProbabilities';
import { generatedBy, strategyLine, type ExportInput } from './exportInput';
import { commentText } from './pythonText';

/** The data file without `.gz` and its last extension: `data/cola.train.jsonl` -> `data/cola.train`. */
export function dataPrefix(path: string): string {
  const withoutGz = path.replace(/\.gz$/i, '');
  return withoutGz.replace(/\.[^./\\]+$/, '');
}

/** A POSIX shell word: quoted only when it holds something the shell would interpret. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function toMegatron(input: ExportInput): string {
  const { result } = input;
  const weights = exactProbabilities(result.tasks.map((t) => t.rate));
  const header = [
    `# ${commentText(generatedBy('megatron', input))}.`,
    `# ${commentText(strategyLine(input))}; weights are final sampling probabilities (Megatron normalizes them).`,
  ];
  const parts: string[] = [];
  result.tasks.forEach((t, i) => {
    const path = input.dataFiles?.get(t.name);
    if (path === undefined) {
      header.push(`# ${commentText(t.name)}: no data path in the mixture; add "${weights[i]} <prefix>" for it, or the others are renormalized without it`);
      return;
    }
    parts.push(`${weights[i]} ${shellWord(dataPrefix(path))}`);
  });
  return `${header.join('\n')}\n--data-path ${parts.join(' ')}\n`;
}
