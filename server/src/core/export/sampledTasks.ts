// The tasks a training engine is given: only those with probability > 0. A task that is never sampled has no
// place in an engine's blend, and some engines break on it: Megatron-LM's BlendedDataset asserts every weight
// > 0, and `datasets.interleave_datasets(..., stopping_strategy="all_exhausted")` waits for every dataset to be
// exhausted, which a dataset drawn with probability 0 never is, so it never finishes. The JSON export keeps
// every task; the engine exports name the ones they leave out in a comment.

import type { TaskRate } from '../rates/types';
import { exactProbabilities } from './exactProbabilities';
import { commentText } from './pythonText';

export interface SampledTasks {
  /** Tasks with probability > 0, in the result's order, each with its exact probability (they sum to exactly 1). */
  tasks: { task: TaskRate; probability: number }[];
  /** Names of the tasks with probability 0, left out. */
  leftOut: string[];
}

export function sampledTasks(tasks: readonly TaskRate[]): SampledTasks {
  const probabilities = exactProbabilities(tasks.map((t) => t.rate));
  const out: SampledTasks = { tasks: [], leftOut: [] };
  tasks.forEach((task, i) => {
    const probability = probabilities[i]!;
    if (probability > 0) out.tasks.push({ task, probability });
    else out.leftOut.push(task.name);
  });
  return out;
}

/** The comment line naming the left-out tasks and why this engine must not get them; none when none are. */
export function leftOutComment(leftOut: readonly string[], why: string): string[] {
  if (leftOut.length === 0) return [];
  return [`# Left out, probability 0 (never sampled; ${why}): ${commentText(leftOut.join(', '))}`];
}
