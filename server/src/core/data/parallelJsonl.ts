// Counting a large plain JSON Lines file on several cores: the file is cut into K byte ranges at line feeds;
// this thread scans the first range with the ordinary scanner (which parses the sample records and reports
// problems in it), and one worker per other range counts and shape-checks it. The answer is the one the
// single-threaded scan gives, byte for byte: the first problem in file order wins, and its line number is the
// line feeds of the earlier ranges plus those before it in its range.
//
// This thread takes a range itself rather than waiting: it has to read the start of the file for the samples
// anyway, and on two cores one worker plus this thread is the most that runs at once.
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { abortedError, throwIfAborted } from './dataError';
import { readFileChunks, withoutBom } from './byteChunks';
import { scanJsonl, shapeError } from './jsonlScanner';
import { jsonlRangeWorkerSource, type RangeCount, type RangeTask } from './jsonlRangeWorker';
import { scanTextFile, type TextScan } from './textFile';
import type { ScanWindow } from './scanWindow';

/** Files at least this large are split by default: below it, starting a worker costs more than it saves. */
export const defaultParallelMinBytes = 64 << 20;

/** How many ranges to cut a file into by default (1 on a single core: no workers). */
export function defaultParallelRanges(): number {
  return Math.min(availableParallelism(), 4);
}

/** Range workers alive at once in this process, over all counts: many large files counted together (a mixture
 *  of big tasks in the editor) share them, and a count that finds none free uses fewer ranges. */
export const maxActiveWorkers = Math.max(4, availableParallelism());
let activeWorkers = 0;

/** Starts the worker for one range; tests pass their own to make workers fail. */
export type StartRangeWorker = (task: RangeTask) => Worker;

export const startRangeWorker: StartRangeWorker = (task) =>
  new Worker(jsonlRangeWorkerSource, { eval: true, workerData: task });

export interface ParallelScan extends TextScan {
  /** How many ranges the file was cut into (1: it was scanned on this thread alone). */
  ranges: number;
  /** Why the parallel result was dropped and the file scanned again on this thread, if it was. */
  fallback?: string;
}

/**
 * Scans a plain JSON Lines file of `size` bytes in up to `ranges` parallel ranges, with the result (or thrown
 * DataError) of `scanTextFile(path, 'jsonl', false, window)`. Every worker has ended when this returns or throws.
 */
export async function scanJsonlInParallel(
  path: string,
  size: number,
  window: ScanWindow,
  ranges: number,
  startWorker: StartRangeWorker = startRangeWorker,
): Promise<ParallelScan> {
  throwIfAborted(window.signal);
  const startsBefore = window.starts?.length ?? 0;
  // Reserved before the first await, so that counts started together cannot take more than the limit.
  const reserved = window.stopWhenTaken ? 0 : Math.max(0, Math.min(ranges - 1, maxActiveWorkers - activeWorkers));
  activeWorkers += reserved;
  let fallback: string | undefined;
  try {
    const bounds = reserved > 0 ? await splitAtLineFeeds(path, size, reserved + 1) : [0, size];
    if (bounds.length > 2) {
      const scan = await scanInRanges(path, bounds, window, startWorker);
      if (!('fallback' in scan)) return scan;
      fallback = scan.fallback;
    }
  } finally {
    activeWorkers -= reserved;
  }
  // The offsets a dropped parallel scan recorded are recorded again by this one.
  window.starts?.truncate(startsBefore);
  return { ...(await scanTextFile(path, 'jsonl', false, window)), ranges: 1, ...(fallback !== undefined ? { fallback } : {}) };
}

/** The scan of the ranges between `bounds`, or why it has to be done again on this thread. */
async function scanInRanges(
  path: string,
  bounds: number[],
  window: ScanWindow,
  startWorker: StartRangeWorker,
): Promise<ParallelScan | { fallback: string }> {
  // Workers record file offsets; the first range's scanner, offsets after a byte order mark (see recordStarts.ts).
  const bom = window.starts ? await byteOrderMarkLength(path) : 0;
  const workers = bounds.slice(1, -1).map((start, i) => runRange(startWorker, { path, start, end: bounds[i + 2]!, ...(window.starts ? { starts: true } : {}) }));
  try {
    const first = await scanJsonl(withoutBom(readFileChunks(path, window.signal, bounds[1])), window);
    // The sample goes on past the first range, where the workers would only shape-check it.
    if (first.count < window.skip + window.take) return { fallback: 'the sample records go on past the first range' };
    let count = first.count;
    let newlines = first.newlines ?? 0;
    for (const worker of workers) {
      const answer = await untilAborted(worker.answer, window.signal);
      if ('failure' in answer) return { fallback: answer.failure };
      if (answer.problem) {
        const { kind, newlinesBefore, column } = answer.problem;
        throw shapeError(kind, 1 + newlines + newlinesBefore, column);
      }
      count += answer.count;
      if (window.starts && answer.starts) for (const at of answer.starts) window.starts.push(at - bom);
      newlines += answer.newlines;
    }
    return { format: 'jsonl', count, records: first.records, warnings: first.warnings, newlines, ranges: bounds.length - 1 };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

/**
 * Range bounds [0, b1, ..., size]: each inner bound is just past the first line feed at or after i/K of the
 * file, so no line is cut; ranges that would be empty are left out.
 */
export async function splitAtLineFeeds(path: string, size: number, ranges: number): Promise<number[]> {
  const bounds = [0];
  if (ranges < 2 || size === 0) return [0, size];
  const handle = await open(path, 'r');
  try {
    const probe = Buffer.allocUnsafe(64 << 10);
    for (let i = 1; i < ranges; i++) {
      let at = Math.max(Math.floor((size * i) / ranges), bounds[bounds.length - 1]!);
      let bound = size;
      while (at < size) {
        const { bytesRead } = await handle.read(probe, 0, Math.min(probe.length, size - at), at);
        if (bytesRead === 0) break;
        const lineFeed = probe.subarray(0, bytesRead).indexOf(10);
        if (lineFeed !== -1) {
          bound = at + lineFeed + 1;
          break;
        }
        at += bytesRead;
      }
      if (bound >= size) break;
      bounds.push(bound);
    }
  } finally {
    await handle.close();
  }
  bounds.push(size);
  return bounds;
}

interface RunningRange {
  /** Never rejects: a worker that fails or exits early answers with a failure. */
  answer: Promise<RangeCount | { failure: string }>;
  /** Ends the worker (no-op once it has ended). */
  stop(): Promise<void>;
}

function runRange(startWorker: StartRangeWorker, task: RangeTask): RunningRange {
  let worker: Worker;
  try {
    worker = startWorker(task);
  } catch (error) {
    const failure = `a worker could not start: ${(error as Error).message}`;
    return { answer: Promise.resolve({ failure }), stop: () => Promise.resolve() };
  }
  let ended = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const answer = new Promise<RangeCount | { failure: string }>((resolve) => {
    worker.once('message', (message: RangeCount) => resolve(message));
    worker.once('error', (error) => resolve({ failure: `a worker failed: ${error.message}` }));
    worker.once('exit', (code) => {
      ended = true;
      resolve({ failure: `a worker exited with code ${code} before answering` }); // no-op after an answer
    });
  });
  return {
    answer,
    stop: async () => {
      if (!ended) await worker.terminate();
      await exited;
    },
  };
}

/** The value, or an `aborted` DataError as soon as the signal fires. */
function untilAborted<T>(value: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return value;
  if (signal.aborted) return Promise.reject(abortedError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    void value.then((result) => {
      signal.removeEventListener('abort', onAbort);
      resolve(result);
    });
  });
}

/** 3 when the file starts with a UTF-8 byte order mark (which the scanners drop), else 0. */
async function byteOrderMarkLength(path: string): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(3);
    const { bytesRead } = await handle.read(head, 0, 3, 0);
    return bytesRead === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  } finally {
    await handle.close();
  }
}
