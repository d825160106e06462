// Reading only the drawn records of a data file, in file order, with the record offsets of the counting pass:
// - plain text files: positional reads of the drawn records' bytes, neighbours that lie close together read in one
//   go (a gap under 64 KiB costs less to read through than a second read call);
// - `.gz` files cannot be entered in the middle: they are decompressed front to back once, and only the drawn
//   records' bytes are kept;
// - parquet: the row groups that hold drawn rows, through the same reader that shows examples (readRecords).
// Records are parsed here (JSON.parse, or the CSV/TSV scanner on the header and the drawn rows), so a record that is
// not what the counting pass let through is reported at its file, line and column.
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { withoutBom, gunzipFileChunks } from '../data/byteChunks';
import { scanDelimited } from '../data/delimitedScanner';
import { readRecords } from '../data/readRecords';
import type { DataFormat, FieldNames } from '../data';
import type { RecordStarts } from '../data/recordStarts';
import { MaterializeError, type ErrorLocation } from './errors';

/** A counted data file, as the counting pass left it. */
export interface DrawnSource {
  /** Absolute path. */
  path: string;
  /** The format the records were read as (a `.json` file of JSON Lines says 'jsonl'). */
  format: DataFormat;
  compressed: boolean;
  /** Records counted. */
  count: number;
  /** Size on disk when counted: a file that changed since is refused rather than misread. */
  bytes: number;
  /** Record offsets (text formats; see recordStarts.ts). */
  starts?: RecordStarts;
  /** Parquet: read only the columns these fields live in. */
  fields?: FieldNames;
}

/**
 * Called with each drawn record in ascending index order; returns an error message when the record cannot be used
 * (a missing field, say), which is then reported at the record's line.
 */
export type RecordVisitor = (index: number, record: unknown) => string | undefined;

/** Awaited between reads: lets cancellation and progress in, and throws once cancelled. */
export type Pause = () => Promise<void>;

const gapBytes = 64 << 10;
const groupBytes = 1 << 20;

/** Visits the records at `indices` (ascending, no repeats) of the source. */
export async function readDrawnRecords(source: DrawnSource, indices: Float64Array, visit: RecordVisitor, pause: Pause): Promise<void> {
  if (indices.length === 0) return;
  if (source.format === 'parquet') return readParquet(source, indices, visit, pause);
  const starts = source.starts;
  if (!starts || starts.length !== source.count) {
    throw new Error(`materialize: ${source.path} was counted without record offsets`);
  }
  const parser = recordParser(source);
  if (source.compressed) return readCompressed(source, starts, indices, parser, visit, pause);
  return readPlain(source, starts, indices, parser, visit, pause);
}

/** One drawn record's bytes: `start` is its offset in the stream the scanner read. */
interface RawRecord {
  index: number;
  start: number;
  bytes: Buffer;
}

/** Parses a group of raw records (in index order), visiting each. */
type GroupParser = (group: RawRecord[], header: Buffer | undefined, visit: RecordVisitor) => Promise<void>;

async function readPlain(
  source: DrawnSource,
  starts: RecordStarts,
  indices: Float64Array,
  parse: GroupParser,
  visit: RecordVisitor,
  pause: Pause,
): Promise<void> {
  let fd: number;
  try {
    fd = openSync(source.path, 'r');
  } catch (error) {
    throw new MaterializeError('data', `cannot be read: ${(error as Error).message}`, { file: source.path });
  }
  try {
    const size = fstatSync(fd).size;
    if (size !== source.bytes) throw changedError(source);
    // The scanner's offsets start after a byte order mark; file positions include it.
    const head = Buffer.alloc(3);
    readFully(fd, head, 0, Math.min(3, size), 0, source);
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const streamEnd = size - bom;
    const end = (i: number): number => (i + 1 < source.count ? starts.at(i + 1) : streamEnd);
    const header = isDelimited(source.format) ? readRange(fd, bom, bom + starts.at(0), source) : undefined;
    let buffer = Buffer.allocUnsafe(groupBytes);
    let k = 0;
    while (k < indices.length) {
      await pause();
      const first = indices[k]!;
      const groupStart = starts.at(first);
      let groupEnd = end(first);
      let j = k + 1;
      while (j < indices.length) {
        const i = indices[j]!;
        const recordEnd = end(i);
        if (starts.at(i) - groupEnd > gapBytes || recordEnd - groupStart > groupBytes) break;
        groupEnd = recordEnd;
        j++;
      }
      const length = groupEnd - groupStart;
      if (length > buffer.length) buffer = Buffer.allocUnsafe(length);
      readFully(fd, buffer, 0, length, bom + groupStart, source);
      const group: RawRecord[] = [];
      for (let m = k; m < j; m++) {
        const i = indices[m]!;
        const s = starts.at(i);
        group.push({ index: i, start: s, bytes: buffer.subarray(s - groupStart, end(i) - groupStart) });
      }
      await parse(group, header, visit);
      k = j;
    }
  } finally {
    closeSync(fd);
  }
}

async function readCompressed(
  source: DrawnSource,
  starts: RecordStarts,
  indices: Float64Array,
  parse: GroupParser,
  visit: RecordVisitor,
  pause: Pause,
): Promise<void> {
  const size = sizeOf(source);
  if (size !== source.bytes) throw changedError(source);
  const delimited = isDelimited(source.format);
  const headerEnd = delimited ? starts.at(0) : 0;
  const headerPieces: Buffer[] = [];
  let header: Buffer | undefined;
  let k = 0; // next drawn record
  let pieces: Buffer[] = []; // of the drawn record being cut out
  let group: RawRecord[] = [];
  let groupSize = 0;
  const recordEnd = (i: number): number => (i + 1 < source.count ? starts.at(i + 1) : Infinity);
  const flush = async (): Promise<void> => {
    if (group.length === 0) return;
    await parse(group, header, visit);
    group = [];
    groupSize = 0;
    await pause();
  };
  let offset = 0; // stream offset of the chunk's first byte
  try {
    for await (const chunk of withoutBom(gunzipFileChunks(source.path))) {
      const chunkEnd = offset + chunk.length;
      if (delimited && header === undefined) {
        headerPieces.push(Buffer.from(chunk.subarray(0, Math.max(0, Math.min(chunk.length, headerEnd - offset)))));
        if (chunkEnd >= headerEnd) header = Buffer.concat(headerPieces);
      }
      while (k < indices.length) {
        const i = indices[k]!;
        const s = starts.at(i);
        const e = recordEnd(i);
        if (s >= chunkEnd) break;
        pieces.push(Buffer.from(chunk.subarray(Math.max(0, s - offset), Math.min(chunk.length, e - offset))));
        if (e > chunkEnd) break; // goes on in the next chunk
        const bytes = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
        pieces = [];
        group.push({ index: i, start: s, bytes });
        groupSize += bytes.length;
        k++;
        if (groupSize >= groupBytes) await flush();
      }
      offset = chunkEnd;
      if (k === indices.length) break;
    }
  } catch (error) {
    if (error instanceof MaterializeError) throw error;
    throw new MaterializeError('data', (error as Error).message, { file: source.path });
  }
  // The last record runs to the end of the stream.
  if (k === indices.length - 1 && pieces.length > 0 && recordEnd(indices[k]!) === Infinity) {
    const i = indices[k]!;
    group.push({ index: i, start: starts.at(i), bytes: Buffer.concat(pieces) });
    k++;
  }
  if (k < indices.length) throw changedError(source);
  await flush();
}

async function readParquet(source: DrawnSource, indices: Float64Array, visit: RecordVisitor, pause: Pause): Promise<void> {
  const groups = await parquetRowGroups(source);
  // Rows are decoded a row group at a time (hyparquet decodes a column chunk whole); a block of drawn rows within one
  // is capped so that a file written with huge row groups does not hold them all as objects at once.
  const maxBlock = 1 << 16;
  let k = 0;
  let groupStart = 0;
  for (const rows of groups) {
    const groupEnd = groupStart + rows;
    while (k < indices.length && indices[k]! < groupEnd) {
      await pause();
      const first = indices[k]!;
      let j = k;
      while (j < indices.length && indices[j]! < groupEnd && indices[j]! - first < maxBlock) j++;
      const last = indices[j - 1]!;
      const outcome = await readRecords(source.path, { offset: first, limit: last - first + 1, ...(source.fields ? { fields: source.fields } : {}) });
      if (!outcome.ok) throw new MaterializeError('data', outcome.message, { file: source.path, row: first + 1 });
      for (let m = k; m < j; m++) {
        const i = indices[m]!;
        const row = outcome.records[i - first];
        if (!row) throw changedError(source);
        const problem = visit(i, row.record);
        if (problem) throw new MaterializeError('data', problem, { file: source.path, row: i + 1 });
      }
      k = j;
    }
    groupStart = groupEnd;
  }
  if (k < indices.length) throw changedError(source);
}

async function parquetRowGroups(source: DrawnSource): Promise<number[]> {
  const { asyncBufferFromFile, parquetMetadataAsync } = await import('hyparquet');
  try {
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(source.path));
    if (Number(metadata.num_rows) !== source.count) throw changedError(source);
    return metadata.row_groups.map((group) => Number(group.num_rows));
  } catch (error) {
    if (error instanceof MaterializeError) throw error;
    throw new MaterializeError('data', `the parquet footer cannot be read: ${(error as Error).message}`, { file: source.path });
  }
}

function isDelimited(format: DataFormat): format is 'csv' | 'tsv' {
  return format === 'csv' || format === 'tsv';
}

/** The parser for the source's format. Errors carry the line, found by counting line feeds only when one occurs. */
function recordParser(source: DrawnSource): GroupParser {
  const locate = (start: number, column?: number): Promise<ErrorLocation> =>
    lineOfOffset(source, start).then((at) => ({ file: source.path, line: at.line, column: (column ?? 0) + at.column }));
  switch (source.format) {
    case 'jsonl':
    case 'json':
      return async (group, _header, visit) => {
        for (const raw of group) {
          let bytes = raw.bytes;
          if (source.format === 'json') bytes = withoutArrayPunctuation(bytes);
          const text = bytes.toString('utf8');
          let record: unknown;
          try {
            record = JSON.parse(text);
          } catch (error) {
            // A binary file puts control bytes into the parser's message: show them escaped.
            // eslint-disable-next-line no-control-regex
            const detail = (error as Error).message.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
            const position = /position (\d+)/.exec(detail);
            const column = position ? Buffer.byteLength(text.slice(0, Number(position[1]))) : 0;
            throw new MaterializeError('data', `not valid JSON (${detail}): fix or remove that record`, await locate(raw.start, column));
          }
          if (typeof record !== 'object' || record === null || Array.isArray(record)) {
            throw new MaterializeError('data', `the record is ${describe(record)}, not an object`, await locate(raw.start));
          }
          const problem = visit(raw.index, record);
          if (problem) throw new MaterializeError('data', problem, await locate(raw.start));
        }
      };
    case 'csv':
    case 'tsv': {
      const delimiter = source.format === 'csv' ? ',' : '\t';
      return async (group, header, visit) => {
        // The header and the drawn rows, read by the same scanner that counted them (quotes, "" and line breaks in
        // fields, CRLF): one scan per group.
        const chunks: Buffer[] = [header ?? Buffer.alloc(0)];
        for (const raw of group) {
          chunks.push(raw.bytes);
          if (raw.bytes[raw.bytes.length - 1] !== 0x0a) chunks.push(Buffer.from('\n'));
        }
        const scan = await scanDelimited(iterate(chunks), delimiter, { skip: 0, take: group.length, stopWhenTaken: false });
        if (scan.records.length !== group.length) throw changedError(source);
        for (let m = 0; m < group.length; m++) {
          const problem = visit(group[m]!.index, scan.records[m]!.record);
          if (problem) throw new MaterializeError('data', problem, await locate(group[m]!.start));
        }
      };
    }
    case 'parquet':
      throw new Error('materialize: parquet has no text parser');
  }
}

async function* iterate(chunks: Buffer[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) yield chunk;
}

/** A JSON array element's bytes without the `,` (or, for the last one, the `]`) and white space after it. */
function withoutArrayPunctuation(bytes: Buffer): Buffer {
  let end = bytes.length;
  while (end > 0 && isJsonSpace(bytes[end - 1]!)) end--;
  if (end > 0 && (bytes[end - 1] === 0x2c || bytes[end - 1] === 0x5d)) end--;
  return bytes.subarray(0, end);
}

function isJsonSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** The 1-based line and column of a stream offset: counts line feeds before it (only on the error path). */
async function lineOfOffset(source: DrawnSource, offset: number): Promise<{ line: number; column: number }> {
  let line = 1;
  let lineStart = 0;
  let position = 0;
  const chunks = source.compressed ? withoutBom(gunzipFileChunks(source.path)) : withoutBom(plainChunks(source.path));
  for await (const chunk of chunks) {
    const upto = Math.min(chunk.length, offset - position);
    let at = chunk.indexOf(0x0a);
    while (at !== -1 && at < upto) {
      line++;
      lineStart = position + at + 1;
      at = chunk.indexOf(0x0a, at + 1);
    }
    position += chunk.length;
    if (position >= offset) break;
  }
  return { line, column: offset - lineStart + 1 };
}

async function* plainChunks(path: string): AsyncGenerator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return;
      yield buffer.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

function readRange(fd: number, from: number, to: number, source: DrawnSource): Buffer {
  const buffer = Buffer.allocUnsafe(Math.max(0, to - from));
  readFully(fd, buffer, 0, buffer.length, from, source);
  return buffer;
}

function readFully(fd: number, buffer: Buffer, at: number, length: number, position: number, source: DrawnSource): void {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, at + done, length - done, position + done);
    if (n === 0) throw changedError(source);
    done += n;
  }
}

function sizeOf(source: DrawnSource): number {
  try {
    return statSync(source.path).size;
  } catch (error) {
    throw new MaterializeError('data', `cannot be read: ${(error as Error).message}`, { file: source.path });
  }
}

function changedError(source: DrawnSource): MaterializeError {
  return new MaterializeError('data', 'changed since it was counted (its size or records differ): run materialize again', { file: source.path });
}
