// JSON Lines: one JSON object per non-empty line.
//
// What is checked, to stay near `wc -l` speed on files of many GB: the records in the window (by default the
// first three) are parsed with JSON.parse and must be objects. Every other non-empty line is not parsed; it only
// has to start with `{` and end with `}` (ignoring surrounding whitespace), which catches pretty-printed JSON,
// concatenated files and truncated last lines without touching the bytes in between.
import type { DataRecord } from './outcome';
import { DataError, throwIfAborted } from './dataError';
import { inWindow, keepRecord, maxRecordBytes, recordTooLargeWarning, windowDone, type ScanResult, type ScanWindow } from './scanWindow';

const LF = 10;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const CR = 0x0d;

function isBlank(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === CR;
}

export async function scanJsonl(chunks: AsyncIterable<Buffer>, window: ScanWindow): Promise<ScanResult> {
  const records: DataRecord[] = [];
  const warnings: string[] = [];
  let count = 0;
  let line = 1;
  let base = 0; // absolute offset of the current chunk
  let lineStart = 0; // absolute offset of the current line
  // The current line, which may span chunks:
  let started = false; // has a non-blank byte
  let firstColumn = 0;
  let firstByte = 0;
  let lastByte = 0;
  let lastColumn = 0;
  let keep = inWindow(window, 0);
  let kept: Buffer[] = [];
  let keptBytes = 0;
  const starts = window.starts;

  const finishLine = (): void => {
    if (!started) return;
    if (keep && keptBytes <= maxRecordBytes) {
      keepRecord(window, records, { line, record: parseObjectLine(Buffer.concat(kept).toString('utf8'), line, firstColumn) });
      kept = [];
      keptBytes = 0;
    } else if (firstByte !== OPEN_BRACE) {
      throw shapeError('start', line, firstColumn);
    } else if (lastByte !== CLOSE_BRACE) {
      throw shapeError('end', line, lastColumn);
    } else if (keep) {
      // Too large to parse, but shaped like an object (checked above, as for lines past the sample): counted,
      // and said so, since its fields cannot be checked.
      warnings.push(recordTooLargeWarning(line));
      kept = [];
      keptBytes = 0;
    }
    starts?.push(lineStart + firstColumn - 1);
    count++;
    keep = inWindow(window, count);
    started = false;
  };

  for await (const chunk of chunks) {
    throwIfAborted(window.signal);
    const n = chunk.length;
    let pos = 0;
    while (pos < n) {
      if (!started && !keep) {
        // The hot path, for lines that lie inside this chunk and need no parse: `{...}` or empty.
        const keepAt = count < window.skip ? window.skip : Infinity;
        let newline: number;
        while ((newline = chunk.indexOf(LF, pos)) !== -1) {
          const end = newline > pos && chunk[newline - 1] === CR ? newline - 1 : newline;
          if (end > pos) {
            if (chunk[pos] !== OPEN_BRACE || chunk[end - 1] !== CLOSE_BRACE) break;
            starts?.push(base + pos);
            count++;
          }
          line++;
          pos = newline + 1;
          lineStart = base + pos;
          if (count === keepAt) {
            keep = inWindow(window, count);
            if (windowDone(window, count)) return { count, records, warnings };
            break;
          }
        }
        if (pos >= n) break;
      }
      const newline = chunk.indexOf(LF, pos);
      const end = newline === -1 ? n : newline;
      if (end > pos) {
        let from = pos;
        if (!started) {
          while (from < end && isBlank(chunk[from]!)) from++;
          if (from < end) {
            started = true;
            firstByte = chunk[from]!;
            firstColumn = base + from - lineStart + 1;
          }
        }
        if (started) {
          let last = end - 1;
          while (last >= from && isBlank(chunk[last]!)) last--;
          if (last >= from) {
            lastByte = chunk[last]!;
            lastColumn = base + last - lineStart + 1;
          }
          if (keep && keptBytes <= maxRecordBytes) {
            keptBytes += end - from;
            if (keptBytes <= maxRecordBytes) kept.push(Buffer.from(chunk.subarray(from, end)));
          }
        }
      }
      if (newline === -1) break;
      finishLine();
      if (windowDone(window, count)) return { count, records, warnings };
      line++;
      lineStart = base + newline + 1;
      pos = newline + 1;
    }
    base += n;
  }
  finishLine();
  return { count, records, warnings, newlines: line - 1 };
}

/** Which end of a line that is not `{...}` is wrong. */
export type ShapeProblem = 'start' | 'end';

/** The error for a line past the sample that does not look like one JSON object (shared with the range workers). */
export function shapeError(problem: ShapeProblem, line: number, column: number): DataError {
  const what = problem === 'start' ? 'does not start with `{`' : 'does not end with `}` (truncated?)';
  return new DataError('malformed', lineProblem(line, what), line, column);
}

function lineProblem(line: number, what: string): string {
  return `Line ${line} ${what}: each non-empty line of a JSON Lines file must be one JSON object; fix or remove that line.`;
}

function parseObjectLine(text: string, line: number, firstColumn: number): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // A binary file puts its NUL and other control bytes into the parser's message: show them escaped.
    const detail = escapeControls((error as Error).message);
    const position = /position (\d+)/.exec(detail);
    const column = position ? firstColumn + Number(position[1]) : undefined;
    throw new DataError('malformed', `Line ${line} is not valid JSON (${detail}): fix or remove that line.`, line, column);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new DataError('malformed', lineProblem(line, `is ${what}, not an object`), line, firstColumn);
  }
  return value;
}

/** Control characters as `\xNN`, so that a message quoting a binary line stays readable text. */
function escapeControls(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    out += c < 0x20 || c === 0x7f ? `\\x${c.toString(16).padStart(2, '0')}` : ch;
  }
  return out;
}
