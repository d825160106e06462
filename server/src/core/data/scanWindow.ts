// What a text scanner is asked for: count everything, and keep the records in [skip, skip + take).
import type { DataRecord } from './outcome';
import type { RecordStarts } from './recordStarts';

export interface ScanWindow {
  /** Records to pass over before keeping any. */
  skip: number;
  /** Records to keep (parsed) after the skipped ones. */
  take: number;
  /** Stop reading once the kept records are complete (the count is then partial). */
  stopWhenTaken: boolean;
  signal?: AbortSignal;
  /** When given, the byte offset where each counted record starts is pushed here (see recordStarts.ts). */
  starts?: RecordStarts;
  /** When given, kept records go here as they are read instead of into the result, so that a caller can read every
   *  record of a large file without holding them all (token counting, core/tokens). */
  onRecord?: (record: DataRecord) => void;
}

/** Keeps a record: into the result's list, or to `window.onRecord`. */
export function keepRecord(window: ScanWindow, records: DataRecord[], record: DataRecord): void {
  if (window.onRecord) window.onRecord(record);
  else records.push(record);
}

export interface ScanResult {
  count: number;
  records: DataRecord[];
  warnings: string[];
  /** CSV/TSV header and the line it is on. */
  columns?: string[];
  headerLine?: number;
  /** JSON Lines, read to the end: the line feeds passed, so a scan of a file's first part can place the lines after it. */
  newlines?: number;
}

/** Whether record number `index` (0-based) is one to keep. */
export function inWindow(window: ScanWindow, index: number): boolean {
  return index >= window.skip && index < window.skip + window.take;
}

/** Whether the scan can stop after `count` records. */
export function windowDone(window: ScanWindow, count: number): boolean {
  return window.stopWhenTaken && count >= window.skip + window.take;
}

/** A kept record larger than this is counted but not parsed, so one huge record cannot exhaust memory. */
export const maxRecordBytes = 16 << 20;

export function recordTooLargeWarning(line: number): string {
  return `The record at line ${line} is larger than ${maxRecordBytes >> 20} MiB; it is counted but not shown.`;
}
