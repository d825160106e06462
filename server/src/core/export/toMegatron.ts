// A Megatron-LM blend: `--data-path w1 prefix1 w2 prefix2 ...`. Megatron draws fixed-length token sequences, so its
// weights are shares of the training tokens: each task's token share when every task's tokens are known, else the
// final probabilities (the header says which; unitNote.ts).
// Megatron reads preprocessed .bin/.idx pairs by prefix; the prefix written here is the task's data
// file without its extension, to be pointed at the output of tools/preprocess_data.py.

import { ExportRefusedError, generatedBy, strategyLine, type ExportInput } from './exportInput';
import { commentText } from './pythonText';
import { leftOutComment, sampledTasks } from './sampledTasks';
import { tokenShares, unitNote } from './unitNote';

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
  const { tasks, leftOut } = sampledTasks(result.tasks);
  const shares = tokenShares(tasks);
  const header = [
    `# ${commentText(generatedBy('megatron', input))}.`,
    `# ${commentText(strategyLine(input))}; weights are ${shares ? 'token shares' : 'final sampling probabilities'} (Megatron normalizes them).`,
    `# ${commentText(unitNote('tokens', input, shares !== null))}`,
    ...leftOutComment(leftOut, 'Megatron-LM asserts every blend weight > 0'),
  ];
  const parts: string[] = [];
  for (const [i, { task, probability: p }] of tasks.entries()) {
    const probability = shares ? shares[i]! : p;
    const path = input.dataFiles?.get(task.name);
    if (path === undefined) {
      header.push(`# ${commentText(task.name)}: no data path in the mixture; add "${probability} <prefix>" for it, or the others are renormalized without it`);
      continue;
    }
    parts.push(`${probability} ${shellWord(dataPrefix(path))}`);
  }
  // An empty --data-path is no blend at all: say so instead of writing one.
  if (parts.length === 0) {
    throw new ExportRefusedError(
      `mixture ${result.mixture} cannot be exported for Megatron: no task${leftOut.length ? ' with probability > 0' : ''} has a \`data\` file, ` +
        'so --data-path would be empty; give the tasks `data:` (the blend names each preprocessed .bin/.idx pair by that path without its extension)',
    );
  }
  return `${header.join('\n')}\n--data-path ${parts.join(' ')}\n`;
}
