// Counting the examples of a data file, with the first records kept for field checks and hover examples.
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { SchemaTree } from 'hyparquet';
import type { CountOutcome, CountSuccess, DataFailure, FieldNames } from './outcome';
import { DataError, toFailure } from './dataError';
import { detectFileKind } from './dataFormat';
import { scanTextFile } from './textFile';
import { defaultParallelMinBytes, defaultParallelRanges, scanJsonlInParallel } from './parallelJsonl';
import { schemaHasPath, summarizeParquet } from './parquetFile';
import { findMissingFields } from './fields';
import { notRegularFile } from './regularFile';
import { RecordStarts } from './recordStarts';

export interface CountOptions {
  /** Text files larger than this on disk (.gz: the compressed size) are not read (`too-large`); parquet is
   *  always counted, from its footer. */
  maxBytes?: number;
  signal?: AbortSignal;
  /** Checked against the first records (or the CSV/TSV header, or the parquet schema). */
  fields?: FieldNames;
  /** How many records to parse and return (default 3). */
  sampleRecords?: number;
  /** Plain JSON Lines files of at least `minBytes` (default 64 MiB) are cut into `ranges` (default: the cores, at
   *  most 4) counted at once on worker threads, with the same result; false counts on this thread only. */
  parallel?: false | { minBytes?: number; ranges?: number };
  /** Also record where each record of a text file starts (`CountSuccess.recordStarts`). */
  recordStarts?: boolean;
}

export const defaultSampleRecords = 3;

/** A counted file before the field check: what a cache may keep, since fields change more often than files. */
export interface CountedFile {
  success: CountSuccess;
  /** Line of the CSV/TSV header, for missing-column reports. */
  headerLine?: number;
  schema?: SchemaTree;
  /** Identity of the file version that was counted. */
  size: number;
  mtimeMs: number;
}

/** Counts the examples of a data file. Never throws: every problem is a DataFailure that says the fix. */
export async function countExamples(path: string, options: CountOptions = {}): Promise<CountOutcome> {
  const counted = await countFile(path, options);
  return 'ok' in counted ? counted : checkFields(counted, options.fields);
}

export async function countFile(path: string, options: Omit<CountOptions, 'fields'>): Promise<CountedFile | DataFailure> {
  try {
    const stats = await stat(path);
    checkRegularFile(stats, path);
    const kind = detectFileKind(path);
    const identity = { size: stats.size, mtimeMs: stats.mtimeMs };
    if (kind.format === 'parquet') {
      const summary = await summarizeParquet(path, stats.size, options.signal);
      const success: CountSuccess = {
        ok: true,
        format: 'parquet',
        compressed: false,
        count: summary.count,
        bytes: stats.size,
        columns: summary.columns,
      };
      return { success, schema: summary.schema, ...identity };
    }
    if (options.maxBytes !== undefined && stats.size > options.maxBytes) {
      throw new DataError(
        'too-large',
        `${path} is ${formatBytes(stats.size)}, over the data counting limit of ${formatBytes(options.maxBytes)}: raise the limit in the settings, or write \`examples:\` by hand.`,
      );
    }
    const starts = options.recordStarts ? new RecordStarts() : undefined;
    const window = {
      skip: 0,
      take: options.sampleRecords ?? defaultSampleRecords,
      stopWhenTaken: false,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(starts ? { starts } : {}),
    };
    const parallel = options.parallel === false ? undefined : options.parallel ?? {};
    const ranges = parallel?.ranges ?? defaultParallelRanges();
    const scan =
      parallel && kind.format === 'jsonl' && !kind.compressed && ranges > 1 && stats.size >= (parallel.minBytes ?? defaultParallelMinBytes)
        ? await scanJsonlInParallel(path, stats.size, window, ranges)
        : await scanTextFile(path, kind.format, kind.compressed, window, stats.size);
    const success: CountSuccess = {
      ok: true,
      format: scan.format,
      compressed: kind.compressed,
      count: scan.count,
      bytes: stats.size,
      records: scan.records,
    };
    if (scan.columns) success.columns = scan.columns;
    if (scan.warnings.length) success.warnings = scan.warnings;
    if (starts) {
      starts.trim();
      success.recordStarts = starts;
    }
    return { success, ...(scan.headerLine !== undefined ? { headerLine: scan.headerLine } : {}), ...identity };
  } catch (error) {
    return toFailure(error, path);
  }
}

/** Throws the data error for a path that is not a regular file (a directory, a FIFO, a device such as /dev/zero),
 *  before anything opens it: reading those would block or never end. */
export function checkRegularFile(stats: Stats, path: string): void {
  const what = notRegularFile(stats);
  if (what === 'a directory') throw new DataError('directory', `${path} is a directory: point \`data\` to a file inside it.`);
  if (what) throw new DataError('unreadable', `${path} is ${what}, not a regular file: point \`data\` to a data file.`);
}

/** The counted file's outcome with the configured fields checked. */
export function checkFields(counted: CountedFile, fields: FieldNames | undefined): CountSuccess {
  const success: CountSuccess = { ...counted.success };
  if (!fields) return success;
  let missing;
  if (counted.schema) {
    const schema = counted.schema;
    const columns = success.columns?.join(', ') || 'none';
    missing = (['input', 'target'] as const)
      .filter((role) => !schemaHasPath(schema, fields[role]))
      .map((role) => ({
        role,
        field: fields[role],
        message: `The parquet schema has no column "${fields[role]}" for the ${role} (columns: ${columns}).`,
      }));
  } else {
    const header = counted.headerLine !== undefined && success.columns ? { names: success.columns, line: counted.headerLine } : undefined;
    missing = findMissingFields(success.records ?? [], fields, header);
  }
  if (missing.length) success.missingFields = missing;
  return success;
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}
