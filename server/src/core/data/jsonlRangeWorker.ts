// The worker side of parallel JSON Lines counting: counts and shape-checks one byte range of a file.
//
// Why the worker runs from source text (`new Worker(source, { eval: true })`) and not from a file: the code
// runs inside three different builds (dist/server.js and dist/cli.js, each one CommonJS bundle, and the tests
// in out/ with packages external). A worker file would need its own esbuild entry, a resolver that finds it next
// to whichever bundle is running, and a place in the .vsix allow-list; `new Worker(__filename)` would start the
// whole server or CLI again. A function serialized with `toString()` goes wherever its bundle goes. The cost is
// the rule below: `jsonlRangeWorkerMain` must be self-contained (no imports, no outer names; types are fine,
// they are erased), and it gets Node's modules from `require`, which eval workers have as `node -e` does.
// test/unit/dataJsonlParallel.test.ts runs it from the test build; the bundles run the same source text.

/** What a worker is asked to do: the bytes [start, end) of the file, where start is just after a line feed. */
export interface RangeTask {
  path: string;
  start: number;
  end: number;
  /** Also record where each record starts (absolute file offsets), for CountOptions.recordStarts. */
  starts?: boolean;
}

/** What a worker answers: the counts for its range and its first problem, if any (then the counts stop there). */
export interface RangeCount {
  count: number;
  newlines: number;
  /** When asked for: the file offset of each record's first byte (transferred, not copied). */
  starts?: Float64Array;
  problem?: {
    kind: 'start' | 'end';
    /** Line feeds in the range before the line with the problem. */
    newlinesBefore: number;
    /** 1-based byte column, as the single-threaded scanner reports it. */
    column: number;
  };
}

/**
 * The worker's whole program. Mirrors the non-sample path of `scanJsonl` exactly: a non-empty line (anything
 * but spaces, tabs and CRs) must have `{` as its first and `}` as its last non-blank byte.
 */
export function jsonlRangeWorkerMain(): void {
  // The worker runs this function's source text (eval: true), so it cannot import: it requires what it needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/consistent-type-imports
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/consistent-type-imports
  const fs = require('node:fs') as typeof import('node:fs');
  const task = workerData as RangeTask;
  const LF = 10;
  const CR = 0x0d;
  const OPEN_BRACE = 0x7b;
  const CLOSE_BRACE = 0x7d;
  const isBlank = (byte: number): boolean => byte === 0x20 || byte === 0x09 || byte === CR;

  const result: RangeCount = { count: 0, newlines: 0 };
  let starts = task.starts ? new Float64Array(1 << 16) : undefined;
  let startCount = 0;
  const pushStart = (at: number): void => {
    if (!starts) return;
    if (startCount === starts.length) {
      const grown = new Float64Array(starts.length * 2);
      grown.set(starts);
      starts = grown;
    }
    starts[startCount++] = at;
  };
  let firstOffset = 0; // file offset of the current line's first non-blank byte
  let started = false; // the current line has a non-blank byte
  let firstByte = 0;
  let firstColumn = 0;
  let lastByte = 0;
  let lastColumn = 0;
  /** Ends the current line; false when it has a problem (recorded in the result). */
  const finishLine = (): boolean => {
    if (!started) return true;
    started = false;
    if (firstByte !== OPEN_BRACE) {
      result.problem = { kind: 'start', newlinesBefore: result.newlines, column: firstColumn };
      return false;
    }
    if (lastByte !== CLOSE_BRACE) {
      result.problem = { kind: 'end', newlinesBefore: result.newlines, column: lastColumn };
      return false;
    }
    pushStart(firstOffset);
    result.count++;
    return true;
  };

  const scan = (fd: number): void => {
    const buffer = Buffer.allocUnsafe(1 << 20);
    let offset = task.start; // file offset of the current chunk
    let lineStart = task.start; // file offset of the current line
    while (offset < task.end) {
      const bytesRead = fs.readSync(fd, buffer, 0, Math.min(buffer.length, task.end - offset), offset);
      // The file shrank since it was split: fail, so the caller counts it again on its own thread.
      if (bytesRead === 0) throw new Error(`${task.path} changed while it was being counted`);
      const chunk = bytesRead < buffer.length ? buffer.subarray(0, bytesRead) : buffer;
      let pos = 0;
      while (pos < bytesRead) {
        if (!started) {
          // The hot path: whole `{...}` or empty lines inside this chunk.
          let newline: number;
          while ((newline = chunk.indexOf(LF, pos)) !== -1) {
            const end = newline > pos && chunk[newline - 1] === CR ? newline - 1 : newline;
            if (end > pos) {
              if (chunk[pos] !== OPEN_BRACE || chunk[end - 1] !== CLOSE_BRACE) break;
              pushStart(offset + pos);
              result.count++;
            }
            result.newlines++;
            pos = newline + 1;
            lineStart = offset + pos; // not after the loop: a blank start of a line may lie in the previous chunk
          }
          if (pos >= bytesRead) break;
        }
        // Anything else, and lines that go on into the next chunk: track the first and last non-blank bytes.
        const newline = chunk.indexOf(LF, pos);
        const end = newline === -1 ? bytesRead : newline;
        let from = pos;
        if (!started) {
          while (from < end && isBlank(chunk[from]!)) from++;
          if (from < end) {
            started = true;
            firstByte = chunk[from]!;
            firstColumn = offset + from - lineStart + 1;
            firstOffset = offset + from;
          }
        }
        if (started) {
          let last = end - 1;
          while (last >= from && isBlank(chunk[last]!)) last--;
          if (last >= from) {
            lastByte = chunk[last]!;
            lastColumn = offset + last - lineStart + 1;
          }
        }
        if (newline === -1) break;
        if (!finishLine()) return;
        result.newlines++;
        pos = newline + 1;
        lineStart = offset + pos;
      }
      offset += bytesRead;
    }
    finishLine(); // only the last range can end without a line feed
  };

  const fd = fs.openSync(task.path, 'r');
  try {
    scan(fd);
  } finally {
    fs.closeSync(fd);
  }
  if (starts) result.starts = starts.subarray(0, startCount);
  parentPort!.postMessage(result, starts ? [starts.buffer] : []);
}

/** The program a range worker evaluates. */
export const jsonlRangeWorkerSource = `(${jsonlRangeWorkerMain.toString()})();`;
