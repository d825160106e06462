// Transfer between tasks from measured scores (spec, "Transfer"):
//   transfer(t, s) = (pairwise[t][s] - single[t]) / |single[t]|,  gain(t) = (multi[t] - single[t]) / |single[t]|,
// both with the sign flipped when lower scores are better, so that positive always means "helped".
// A cell that cannot be computed is null (never Infinity or NaN) and, when there is a score to explain,
// a note says why (e.g. single_task 0 makes the relative change undefined).

export interface TransferInput {
  metric?: string;
  higherIsBetter: boolean;
  singleTask: ReadonlyMap<string, number>;
  multiTask: ReadonlyMap<string, number>;
  /** target -> source -> score of the target trained on {target, source}. */
  pairwise: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Order of the mixture's tasks; rows, columns and gains follow it (others after, in order of appearance). */
  taskOrder?: readonly string[];
}

export interface TaskGain {
  task: string;
  single: number | null;
  multi: number | null;
  gain: number | null;
  /** Why `gain` is null, when it is. */
  reason?: string;
}

export interface TransferNote {
  target: string;
  source: string;
  reason: string;
}

export interface TransferResult {
  metric: string | null;
  higherIsBetter: boolean;
  targets: string[];
  sources: string[];
  /** matrix[i][j] = transfer(targets[i], sources[j]); null = missing or undefined. */
  matrix: (number | null)[][];
  gain: TaskGain[];
  /** Cells that have a pairwise score but no transfer value, with the reason. */
  notes: TransferNote[];
}

function ordered(names: Iterable<string>, taskOrder: readonly string[] | undefined): string[] {
  const unique = [...new Set(names)];
  if (!taskOrder) return unique;
  const rank = new Map(taskOrder.map((t, i) => [t, i]));
  return unique
    .map((name, i) => ({ name, key: rank.get(name) ?? taskOrder.length + i }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.name);
}

/** Relative change from `base` to `score`, signed so that positive is better; null with a reason if undefined. */
function relativeChange(score: number, base: number | undefined, higherIsBetter: boolean, what: string): { value: number | null; reason?: string } {
  if (base === undefined) return { value: null, reason: `no single_task score for ${what}` };
  if (!Number.isFinite(base) || !Number.isFinite(score)) return { value: null, reason: `a score of ${what} is not a finite number` };
  if (base === 0) return { value: null, reason: `single_task score of ${what} is 0, so a relative change is undefined` };
  const change = (score - base) / Math.abs(base);
  return { value: higherIsBetter ? change : -change };
}

export function computeTransfer(input: TransferInput): TransferResult {
  const targets = ordered(input.pairwise.keys(), input.taskOrder);
  const sources = ordered([...input.pairwise.values()].flatMap((m) => [...m.keys()]), input.taskOrder);
  const notes: TransferNote[] = [];
  const matrix = targets.map((target) => {
    const row = input.pairwise.get(target);
    return sources.map((source) => {
      const score = row?.get(source);
      if (score === undefined) return null;
      const change = relativeChange(score, input.singleTask.get(target), input.higherIsBetter, target);
      if (change.value === null) notes.push({ target, source, reason: change.reason ?? 'undefined' });
      return change.value;
    });
  });
  const gainTasks = ordered([...input.singleTask.keys(), ...input.multiTask.keys()], input.taskOrder);
  const gain = gainTasks.map((task): TaskGain => {
    const single = input.singleTask.get(task) ?? null;
    const multi = input.multiTask.get(task) ?? null;
    if (multi === null) return { task, single, multi, gain: null, reason: `no multi_task score for ${task}` };
    const change = relativeChange(multi, single ?? undefined, input.higherIsBetter, task);
    return change.value === null
      ? { task, single, multi, gain: null, reason: change.reason ?? 'undefined' }
      : { task, single, multi, gain: change.value };
  });
  return { metric: input.metric ?? null, higherIsBetter: input.higherIsBetter, targets, sources, matrix, gain, notes };
}
