// Materializing a mixture: the dataset itself, written from the tasks' data with the mixture's rates.
export { materialize, type MaterializeRequest, type MaterializeResult, type MaterializeTask, type MaterializedTask, type MaterializeProgress } from './materialize';
export { drawCounts, maxExamples, MixOrder, EpochShuffle, shardSizes, streamSeed, uniformBelow, type CountsOutcome } from './plan';
export { outputPaths, type OutputFormat, type WrittenFile } from './outputFiles';
export { MaterializeError, type MaterializeErrorKind, type ErrorLocation } from './errors';
export type { DrawnSource } from './drawnRecords';
