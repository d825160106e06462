// Writes a mixture's examples as one dataset: the plan (plan.ts) says which task and which record each output
// position holds; the drawn records are read task by task in file order (drawnRecords.ts), formatted as T5 sees them
// (`{"task", "inputs": "<prefix> <input>", "targets"}`, through the same formatExample as the editor's example preview),
// put in the seeded order through spill buckets (spill.ts), and written to the output files (outputFiles.ts).
//
// Memory does not grow with the data or the output: the plan holds one window of positions at a time (2^20 by default,
// 14 bytes each), the spill one bucket (8 MiB by default); what does grow is 4 bytes of offsets per record of the
// data files, from the counting pass, and 4 per record of a task while an epoch of it is being drawn.
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatExample, type FieldNames } from '../data';
import { cancelledError, MaterializeError } from './errors';
import { readDrawnRecords, type DrawnSource } from './drawnRecords';
import { existingOutputs, OutputFiles, outputPaths, type OutputFormat, type TargetsColumn, type WrittenFile } from './outputFiles';
import { EpochShuffle, MixOrder, shardSizes } from './plan';
import { SpillBuckets } from './spill';

export interface MaterializeTask {
  name: string;
  prefix: string;
  fields: FieldNames;
  /** Examples of this task in the output (drawCounts). */
  count: number;
  /** The split's data file, counted with record offsets; absent when the task has none (an error once it is drawn). */
  source?: DrawnSource;
  /** Where the task is defined, for the error when it is drawn but has no data file. */
  definedAt?: { file: string; line: number; column: number };
  /** Whether the records the counting pass parsed have a list as target (decides parquet's `targets` column). */
  listTargets?: boolean;
}

export interface MaterializeProgress {
  /** Reading draws records and formats them into the spill; writing puts them in order into the output. */
  phase: 'reading' | 'writing';
  /** Examples read and formatted so far. */
  read: number;
  /** Examples written to the output so far. */
  written: number;
  total: number;
}

export interface MaterializeRequest {
  tasks: MaterializeTask[];
  /** Total examples: the sum of the tasks' counts. */
  examples: number;
  seed: number;
  /** Absolute output path (the base name for shards). */
  out: string;
  shards: number;
  format: OutputFormat;
  /** Replace output files that exist. */
  force: boolean;
  /** Written into each parquet file's metadata. */
  provenance?: Record<string, unknown>;
  signal?: AbortSignal;
  onProgress?: (progress: MaterializeProgress) => void;
  /** Output positions planned at once (default 2^20). Smaller values exercise the windowing in tests. */
  windowPositions?: number;
  /** Bytes of examples per spill bucket (default 8 MiB). */
  bucketBytes?: number;
}

export interface MaterializedTask {
  name: string;
  /** Records in its data file. */
  records: number;
  examples: number;
  /** examples / records: how many times over the task's data the output goes. */
  epochs: number;
}

export interface MaterializeResult {
  files: WrittenFile[];
  tasks: MaterializedTask[];
  warnings: string[];
}

const defaultWindow = 1 << 20;
const defaultBucketBytes = 8 << 20;
/** Spill files open at once: buckets beyond this make the window smaller instead. */
const maxBuckets = 256;
/** Write buffers of all buckets together. */
const spillBufferBytes = 4 << 20;

export async function materialize(request: MaterializeRequest): Promise<MaterializeResult> {
  const { tasks, examples, seed, signal } = request;
  const counts = tasks.map((t) => t.count);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total !== examples) throw new Error(`materialize: task counts add up to ${total}, not ${examples}`);
  if (!Number.isInteger(request.shards) || request.shards < 1 || request.shards > examples) {
    throw new MaterializeError('input', `--shards must be an integer from 1 to the number of examples (${examples}); got ${request.shards}`);
  }
  checkSources(tasks);
  const paths = outputPaths(request.out, request.shards, request.format);
  const existing = request.force ? [] : existingOutputs(paths);
  if (existing.length > 0) {
    throw new MaterializeError('input', `${existing.length === 1 ? 'exists' : `and ${existing.length - 1} more output file(s) exist`} already: pass --force to replace, or choose another --out`, { file: existing[0]! });
  }
  const folder = dirname(request.out);
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    throw new MaterializeError('output', `its folder ${folder} does not exist: create it first`, { file: request.out });
  }
  if (signal?.aborted) throw cancelledError();

  const { perBucket, window } = spillLayout(tasks, examples, request.windowPositions ?? defaultWindow, request.bucketBytes ?? defaultBucketBytes);
  const order = new MixOrder(counts, seed);
  const shuffles = tasks.map((t) => (t.count > 0 ? new EpochShuffle(t.source!.count, seed, t.name, t.count) : undefined));
  const progress: MaterializeProgress = { phase: 'reading', read: 0, written: 0, total: examples };
  const warnings: string[] = [];
  let sawList = tasks.some((t) => t.count > 0 && t.listTargets);
  let sawText = false;
  let lastYield = Date.now();
  const pause = async (): Promise<void> => {
    if (signal?.aborted) throw cancelledError();
    const now = Date.now();
    if (now - lastYield < 50) return;
    lastYield = now;
    request.onProgress?.({ ...progress });
    // A turn of the event loop, so that a cancellation (a signal handler, a message) gets to run.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (signal?.aborted) throw cancelledError();
  };

  /** Plans the window's positions and formats each drawn record into the spill. The plan's keys are dropped on
   *  return, before the spill is read back. */
  const readWindow = async (first: number, positions: number, target: SpillBuckets): Promise<void> => {
    const keys = planWindow(order, shuffles, tasks.length, positions, window);
    for (let t = 0; t < tasks.length; t++) {
      const segment = keys.segments[t]!;
      if (segment.length === 0) continue;
      const task = tasks[t]!;
      const taskJson = JSON.stringify(task.name);
      const indices = uniqueRecords(segment, window);
      let cursor = 0;
      await readDrawnRecords(
        task.source!,
        indices,
        (index, record) => {
          const example = formatExample(record, task.fields, task.prefix);
          if ('error' in example) return example.error;
          if (Array.isArray(example.target)) sawList = true;
          else sawText = true;
          const targets = typeof example.target === 'string' ? jsonString(example.target) : JSON.stringify(example.target);
          const line = `{"task":${taskJson},"inputs":${jsonString(example.input)},"targets":${targets}}`;
          // Every draw of this record in the window: the keys are sorted by record, then position.
          while (cursor < segment.length && Math.floor(segment[cursor]! / window) === index) {
            target.add(first + (segment[cursor]! % window), line);
            cursor++;
            progress.read++;
          }
          return undefined;
        },
        pause,
      );
      if (cursor !== segment.length) throw new Error(`materialize: task ${task.name} left ${segment.length - cursor} draws unread`);
    }
  };

  let files: OutputFiles | undefined;
  let spill: SpillBuckets | undefined;
  try {
    for (let first = 0; first < examples; first += window) {
      const positions = Math.min(window, examples - first);
      spill = new SpillBuckets(folder, { first, positions, perBucket }, Math.max(64 << 10, Math.min(1 << 20, Math.floor(spillBufferBytes / Math.ceil(positions / perBucket)))));
      progress.phase = 'reading';
      await readWindow(first, positions, spill);
      if (!files) {
        const targets: TargetsColumn = sawList ? 'list' : 'string';
        files = await OutputFiles.open(paths, shardSizes(examples, request.shards), { format: request.format, targets, provenance: request.provenance ?? {} });
      }
      progress.phase = 'writing';
      const output = files;
      await spill.drain((bytes, start, end) => {
        output.add(bytes, start, end);
        progress.written++;
      }, pause);
      spill.dispose();
      spill = undefined;
    }
    const written = files!.finish();
    request.onProgress?.({ phase: 'writing', read: examples, written: examples, total: examples });
    if (sawList && sawText && request.format === 'jsonl') {
      warnings.push('some targets are lists and some are text: datasets.load_dataset("json") needs one type per column, so load it with features, or make the tasks agree');
    }
    return {
      files: written,
      tasks: tasks.map((t) => {
        const records = t.source?.count ?? 0;
        return { name: t.name, records, examples: t.count, epochs: records > 0 ? t.count / records : 0 };
      }),
      warnings,
    };
  } catch (error) {
    files?.abort();
    spill?.dispose();
    throw error;
  }
}

/** Every drawn task must have a data file with records. */
function checkSources(tasks: readonly MaterializeTask[]): void {
  for (const t of tasks) {
    if (t.count === 0) continue;
    if (!t.source) {
      throw new MaterializeError('input', `task '${t.name}' is drawn ${t.count} time(s) but has no data file for this split: give it one, or rate 0`, t.definedAt ?? {});
    }
    if (t.source.count === 0) {
      throw new MaterializeError('input', `task '${t.name}' is drawn ${t.count} time(s) but its data file has no records`, { file: t.source.path });
    }
  }
}

/** How many positions a bucket and a window hold, from the expected size of an output line. */
function spillLayout(tasks: readonly MaterializeTask[], examples: number, windowPositions: number, bucketBytes: number): { perBucket: number; window: number } {
  let bytes = 0;
  for (const t of tasks) {
    if (t.count === 0 || !t.source) continue;
    // On-disk bytes per record, scaled up where the disk form is compressed; the prefix and the keys come on top.
    const scale = t.source.format === 'parquet' ? 4 : t.source.compressed ? 5 : 1;
    const perRecord = (t.source.bytes / Math.max(1, t.source.count)) * scale;
    bytes += t.count * (perRecord + t.prefix.length + t.name.length + 40);
  }
  const line = Math.max(1, bytes / examples);
  const perBucket = Math.max(1, Math.floor(bucketBytes / line));
  return { perBucket, window: Math.max(1, Math.min(windowPositions, perBucket * maxBuckets)) };
}

interface WindowKeys {
  /** Per task: record * window + position in the window, sorted (so by record, then position). */
  segments: Float64Array[];
}

/** Draws the tasks and records of the next `positions` output positions. */
function planWindow(order: MixOrder, shuffles: (EpochShuffle | undefined)[], taskCount: number, positions: number, window: number): WindowKeys {
  const labels = taskCount <= 65536 ? new Uint16Array(positions) : new Uint32Array(positions);
  const records = new Uint32Array(positions); // record indices are below 2^32 (EpochShuffle)
  const perTask = new Float64Array(taskCount);
  for (let p = 0; p < positions; p++) {
    const t = order.next();
    labels[p] = t;
    records[p] = shuffles[t]!.next();
    perTask[t]!++;
  }
  const all = new Float64Array(positions);
  const segments: Float64Array[] = [];
  const fill = new Float64Array(taskCount);
  let offset = 0;
  for (let t = 0; t < taskCount; t++) {
    segments.push(all.subarray(offset, offset + perTask[t]!));
    fill[t] = offset;
    offset += perTask[t]!;
  }
  for (let p = 0; p < positions; p++) {
    const t = labels[p]!;
    all[fill[t]!++] = records[p]! * window + p;
  }
  for (const segment of segments) segment.sort();
  return { segments };
}

/** The distinct records of a sorted segment of keys, ascending. */
function uniqueRecords(segment: Float64Array, window: number): Float64Array {
  const out = new Float64Array(segment.length);
  let n = 0;
  let last = -1;
  for (let i = 0; i < segment.length; i++) {
    const record = Math.floor(segment[i]! / window);
    if (record !== last) out[n++] = record;
    last = record;
  }
  return out.subarray(0, n);
}

/** What JSON.stringify writes for a string can only differ from the string between quotes where it holds a quote, a
 *  backslash, a control character or a surrogate (JSON.stringify escapes nothing else); a native regex finds out,
 *  and most texts need no escaping at all. Twice as fast as JSON.stringify on long texts, the same bytes. */
// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes
const needsEscape = /["\\\u0000-\u001f\ud800-\udfff]/;

function jsonString(text: string): string {
  return needsEscape.test(text) ? JSON.stringify(text) : `"${text}"`;
}
