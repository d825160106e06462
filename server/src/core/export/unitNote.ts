// Which unit an export's weights are in (spec 1.1: "every export uses the unit its engine reads and says which in
// its header comment"). seqio and `datasets` draw examples (records), so they get each task's probability of drawing an
// example; Megatron-LM blends packed token sequences of a fixed length, so a weight there is a share of the training
// tokens. A mixture that samples by tokens (`unit: tokens`) still exports example probabilities to the example
// engines: they follow from its token shares and each task's mean tokens per example.
import type { TaskRate } from '../rates/types';
import type { ExportInput } from './exportInput';

/** The header sentence saying what the weights are. */
export function unitNote(engineReads: 'examples' | 'tokens', input: ExportInput, weightsInTokens = engineReads === 'tokens'): string {
  const byTokens = input.sampling.unit === 'tokens';
  if (engineReads === 'examples') {
    return byTokens
      ? 'Unit: examples (what the engine draws): each weight is the probability of drawing an example, from the mixture\'s token shares (unit: tokens) and each task\'s mean tokens per example.'
      : 'Unit: examples (what the engine draws): each weight is the probability of drawing an example.';
  }
  return weightsInTokens
    ? 'Unit: tokens (the engine blends token sequences): each weight is the task\'s share of the training tokens.'
    : 'Unit: tokens (the engine blends token sequences), but some task\'s tokens are unknown: these weights are example probabilities; give the mixture a tokenizer or `tokens:` for token shares.';
}

/** The weights a token engine reads: each task's token share when every one given is known, else null. */
export function tokenShares(tasks: readonly { task: TaskRate }[]): number[] | null {
  const shares = tasks.map(({ task }) => task.token_share);
  return shares.every((s): s is number => typeof s === 'number') ? shares : null;
}
