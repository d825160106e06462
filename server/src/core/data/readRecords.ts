// The first records of a data file (for hover examples and the playground), read only as far as needed.
import { stat } from 'node:fs/promises';
import type { FieldNames, RecordsOutcome } from './outcome';
import { toFailure } from './dataError';
import { checkRegularFile } from './countExamples';
import { detectFileKind } from './dataFormat';
import { scanTextFile } from './textFile';
import { readParquetRows, summarizeParquet } from './parquetFile';

export interface ReadRecordsOptions {
  limit: number;
  /** Records to pass over first (0-based index of the first record returned). */
  offset?: number;
  /** For parquet: read only the top-level columns these fields live in (wide files read faster). */
  fields?: FieldNames;
  signal?: AbortSignal;
}

/** Records [offset, offset + limit), each with its 1-based line (parquet: row number). Never throws. */
export async function readRecords(path: string, options: ReadRecordsOptions): Promise<RecordsOutcome> {
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const limit = Math.max(0, Math.floor(options.limit));
  try {
    const stats = await stat(path);
    checkRegularFile(stats, path);
    const kind = detectFileKind(path);
    if (kind.format === 'parquet') {
      const columns = options.fields ? await parquetColumnsFor(path, stats.size, options.fields, options.signal) : undefined;
      const records = await readParquetRows(path, stats.size, offset, limit, columns, options.signal);
      return { ok: true, format: 'parquet', records };
    }
    if (limit === 0) return { ok: true, format: kind.format, records: [] };
    const scan = await scanTextFile(path, kind.format, kind.compressed, {
      skip: offset,
      take: limit,
      stopWhenTaken: true,
      ...(options.signal ? { signal: options.signal } : {}),
    }, stats.size);
    return {
      ok: true,
      format: scan.format,
      records: scan.records,
      ...(scan.warnings.length ? { warnings: scan.warnings } : {}),
    };
  } catch (error) {
    return toFailure(error, path);
  }
}

/** The top-level columns holding the fields; undefined (read all) when a field names no column. */
async function parquetColumnsFor(
  path: string,
  size: number,
  fields: FieldNames,
  signal: AbortSignal | undefined,
): Promise<string[] | undefined> {
  const { schema } = await summarizeParquet(path, size, signal);
  const topLevel = new Set(schema.children.map((child) => child.element.name));
  const wanted = [fields.input, fields.target].map((field) => (topLevel.has(field) ? field : field.split('.')[0]!));
  return wanted.every((name) => topLevel.has(name)) ? [...new Set(wanted)] : undefined;
}
