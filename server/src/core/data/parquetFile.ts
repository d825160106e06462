// Parquet: the row count and schema come from the footer metadata (the tail of the file), so a file of any size
// is counted without reading its data pages. Records, when asked for, are read with hyparquet too.
import { open, type FileHandle } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import type { AsyncBuffer, Compressors, FileMetaData, SchemaTree } from 'hyparquet';
import type { DataRecord } from './outcome';
import { DataError, throwIfAborted } from './dataError';

// hyparquet is an ES module; a dynamic import keeps it loadable from the CommonJS bundles (and loads it lazily).
const loadHyparquet = () => import('hyparquet');

// The footer is usually a few KiB; a larger one costs hyparquet one more read.
const initialFetchSize = 64 << 10;

/** An AsyncBuffer that reads only the requested byte ranges of an open file. */
function fileAsyncBuffer(handle: FileHandle, byteLength: number): AsyncBuffer {
  return {
    byteLength,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const stop = end ?? byteLength;
      const bytes = new Uint8Array(Math.max(0, stop - start));
      let filled = 0;
      while (filled < bytes.length) {
        const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, start + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return bytes.buffer;
    },
  };
}

export interface ParquetSummary {
  count: number;
  columns: string[];
  schema: SchemaTree;
}

async function readMetadata(handle: FileHandle, byteLength: number): Promise<{ file: AsyncBuffer; metadata: FileMetaData }> {
  const head = new Uint8Array(4);
  await handle.read(head, 0, 4, 0);
  if (byteLength < 12 || Buffer.from(head).toString('latin1') !== 'PAR1') {
    throw new DataError(
      'malformed',
      'Not a parquet file: it does not start with the PAR1 magic bytes. Check that it was written as parquet and not truncated.',
    );
  }
  const { parquetMetadataAsync } = await loadHyparquet();
  const file = fileAsyncBuffer(handle, byteLength);
  try {
    return { file, metadata: await parquetMetadataAsync(file, { initialFetchSize }) };
  } catch (error) {
    throw new DataError(
      'malformed',
      `The parquet footer cannot be read (${(error as Error).message}): the file is truncated or corrupt; re-create it.`,
    );
  }
}

export async function summarizeParquet(path: string, byteLength: number, signal?: AbortSignal): Promise<ParquetSummary> {
  throwIfAborted(signal);
  const handle = await open(path, 'r');
  try {
    const { metadata } = await readMetadata(handle, byteLength);
    const { parquetSchema } = await loadHyparquet();
    const schema = parquetSchema(metadata);
    return { count: Number(metadata.num_rows), columns: columnPaths(schema), schema };
  } finally {
    await handle.close();
  }
}

/** Rows [offset, offset + limit) as objects; `columns` limits the (top-level) columns read. */
export async function readParquetRows(
  path: string,
  byteLength: number,
  offset: number,
  limit: number,
  columns: string[] | undefined,
  signal?: AbortSignal,
): Promise<DataRecord[]> {
  throwIfAborted(signal);
  const handle = await open(path, 'r');
  try {
    const { file, metadata } = await readMetadata(handle, byteLength);
    const rowEnd = Math.min(offset + limit, Number(metadata.num_rows));
    if (rowEnd <= offset) return [];
    const { parquetReadObjects } = await loadHyparquet();
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({
        file,
        metadata,
        rowStart: offset,
        rowEnd,
        compressors: zlibCompressors(),
        ...(columns ? { columns } : {}),
      });
    } catch (error) {
      throw new DataError('unreadable', `The parquet rows cannot be decoded: ${(error as Error).message}.`);
    }
    throwIfAborted(signal);
    return rows.map((record, index) => ({ line: offset + index + 1, record: jsonSafe(record) }));
  } finally {
    await handle.close();
  }
}

/** Codecs hyparquet leaves to the caller (it decodes snappy itself) that Node's zlib can decode. */
function zlibCompressors(): Compressors {
  const compressors: Compressors = {
    GZIP: (input) => new Uint8Array(zlib.gunzipSync(input)),
    BROTLI: (input) => new Uint8Array(zlib.brotliDecompressSync(input)),
  };
  const zstd = (zlib as unknown as { zstdDecompressSync?: (input: Uint8Array) => Buffer }).zstdDecompressSync;
  if (zstd) compressors.ZSTD = (input) => new Uint8Array(zstd(input));
  return compressors;
}

/** Schema paths as dotted names: top-level columns and the fields of nested structs. */
export function columnPaths(schema: SchemaTree): string[] {
  const paths: string[] = [];
  const walk = (node: SchemaTree, prefix: string): void => {
    for (const child of node.children) {
      const path = prefix ? `${prefix}.${child.element.name}` : child.element.name;
      paths.push(path);
      walk(skipListLevels(child), path);
    }
  };
  walk(schema, '');
  return paths;
}

/** Whether a dotted path names a column or a field nested in one (through lists, as records show them). */
export function schemaHasPath(schema: SchemaTree, dotted: string): boolean {
  if (schema.children.some((child) => child.element.name === dotted)) return true;
  let node: SchemaTree | undefined = schema;
  for (const part of dotted.split('.')) {
    node = skipListLevels(node).children.find((child) => child.element.name === part);
    if (!node) return false;
  }
  return true;
}

/** A LIST-annotated group wraps its element in `list` / `element` levels; records show it as an array. */
function skipListLevels(node: SchemaTree): SchemaTree {
  let current = node;
  while (
    current.children.length === 1 &&
    (current.element.converted_type === 'LIST' || current.element.logical_type?.type === 'LIST' ||
      current.element.repetition_type === 'REPEATED')
  ) {
    current = current.children[0]!;
  }
  return current;
}

/** BigInts (INT64 columns) become numbers when exact, strings otherwise, so records stay JSON-friendly. */
function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value instanceof Uint8Array || value instanceof Date) return value;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, jsonSafe(inner)]));
  }
  return value;
}
