// Counting the training tokens of a data file's records (spec 1.1, "Token count of a record"): per record, the tokens
// of the input T5 sees (`prefix input`, as formatExample builds it for the playground and hover) plus those of the
// target, each encoded as the tokenizer encodes a text, its post-processor included (T5's `</s>`). A list target is a
// set of references; training reads one, so its first is counted. Records are read as a stream (never the whole
// file), by the same scanners that count examples; this module runs on the main thread for small files and inside
// the token workers (tokenWorker.ts) for large ones, so both give the same numbers by construction.
import { open, stat } from 'node:fs/promises';
import type { Tokenizer } from '@huggingface/tokenizers';
import { gunzipFileChunks, readFileChunks, withoutBom } from '../data/byteChunks';
import { throwIfAborted } from '../data/dataError';
import { detectFileKind } from '../data/dataFormat';
import { scanDelimited } from '../data/delimitedScanner';
import { formatExample } from '../data/fields';
import { scanJsonArray, TopLevelObjectError } from '../data/jsonArrayScanner';
import { scanJsonl } from '../data/jsonlScanner';
import type { DataRecord, FieldNames } from '../data/outcome';
import { readParquetRows, summarizeParquet } from '../data/parquetFile';
import type { ScanWindow } from '../data/scanWindow';

/** How many tokens the tokenizer makes of a text (post-processor included). */
export type CountTokens = (text: string) => number;

/** Texts up to this long are remembered: targets such as class labels repeat on nearly every record. */
const memoMaxLength = 64;
const memoMaxEntries = 50_000;

/** The tokenizer's count for one text, with a bounded memo of short texts (a pure function of the text). */
export function tokenCounterOf(tokenizer: Tokenizer): CountTokens {
  const memo = new Map<string, number>();
  return (text) => {
    if (text.length > memoMaxLength) return tokenizer.encode(text).ids.length;
    let n = memo.get(text);
    if (n === undefined) {
      n = tokenizer.encode(text).ids.length;
      if (memo.size >= memoMaxEntries) memo.clear();
      memo.set(text, n);
    }
    return n;
  };
}

/** The tokens of one record, or null when it lacks a field (or holds something that is not text). */
export function recordTokens(record: unknown, fields: FieldNames, prefix: string, count: CountTokens): number | null {
  const example = formatExample(record, fields, prefix);
  if ('error' in example) return null;
  const target = Array.isArray(example.target) ? example.target[0]! : example.target;
  return count(example.input) + count(target);
}

/** What was counted over (part of) a file. */
export interface TokenTally {
  tokens: number;
  /** Records read (counted or skipped). */
  records: number;
  /** Records without the input or target field (or too large to parse): not counted. */
  skipped: number;
}

/** Which bytes of which file: a whole file, or a byte range of a plain JSON Lines file starting after a line feed. */
export interface TokenSource {
  path: string;
  /** Byte range of a plain JSON Lines file (the token workers' split); absent for the whole file. */
  range?: { start: number; end: number };
}

export interface TallyOptions {
  signal?: AbortSignal;
  /** Bytes read so far of the file (compressed bytes are not known for .gz: decompressed ones are reported). */
  onBytes?: (bytes: number) => void;
  /** Stop after this many records (an estimate from the first records). */
  maxRecords?: number;
}

/** Counts the tokens of the records of `source`. Throws DataError where the file cannot be read or parsed. */
export async function tallyTokens(source: TokenSource, fields: FieldNames, prefix: string, count: CountTokens, options: TallyOptions = {}): Promise<TokenTally> {
  const tally: TokenTally = { tokens: 0, records: 0, skipped: 0 };
  const onRecord = (r: DataRecord): void => {
    tally.records++;
    const n = recordTokens(r.record, fields, prefix, count);
    if (n === null) tally.skipped++;
    else tally.tokens += n;
  };
  const max = options.maxRecords;
  const window: ScanWindow = {
    skip: 0,
    take: max ?? Infinity,
    stopWhenTaken: max !== undefined,
    onRecord,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const bytes = (chunks: AsyncIterable<Buffer>): AsyncIterable<Buffer> => countingBytes(chunks, options.onBytes);
  if (source.range) {
    const range = readRange(source.path, source.range.start, source.range.end, options.signal);
    await scanJsonl(bytes(source.range.start === 0 ? withoutBom(range) : range), window);
    return tally;
  }
  const kind = detectFileKind(source.path);
  if (kind.format === 'parquet') {
    await tallyParquet(source.path, onRecord, options);
    return tally;
  }
  const chunks = (): AsyncIterable<Buffer> =>
    bytes(withoutBom(kind.compressed ? gunzipFileChunks(source.path, options.signal) : readFileChunks(source.path, options.signal)));
  switch (kind.format) {
    case 'jsonl':
      await scanJsonl(chunks(), window);
      break;
    case 'csv':
    case 'tsv':
      await scanDelimited(chunks(), kind.format === 'csv' ? ',' : '\t', window);
      break;
    case 'json':
      try {
        await scanJsonArray(chunks(), window);
      } catch (error) {
        // A .json file of JSON Lines (as `datasets` writes them) is counted as JSON Lines, as counting examples does.
        if (!(error instanceof TopLevelObjectError)) throw error;
        tally.tokens = tally.records = tally.skipped = 0;
        await scanJsonl(chunks(), window);
      }
      break;
  }
  return tally;
}

/** Rows of a parquet file in batches of a row group's size or so, never all at once. */
async function tallyParquet(path: string, onRecord: (r: DataRecord) => void, options: TallyOptions): Promise<void> {
  const { size } = await stat(path);
  const { count } = await summarizeParquet(path, size, options.signal);
  const limit = Math.min(count, options.maxRecords ?? Infinity);
  const batch = 10_000;
  for (let offset = 0; offset < limit; offset += batch) {
    throwIfAborted(options.signal);
    const rows = await readParquetRows(path, size, offset, Math.min(batch, limit - offset), undefined, options.signal);
    for (const row of rows) onRecord(row);
    options.onBytes?.(Math.round((size * Math.min(limit, offset + batch)) / Math.max(1, count)));
  }
}

async function* countingBytes(chunks: AsyncIterable<Buffer>, onBytes: ((bytes: number) => void) | undefined): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    onBytes?.(total);
    yield chunk;
  }
}

/** The bytes [start, end) of a file, in 1 MiB chunks of one reused buffer (the scanner copies what it keeps). */
async function* readRange(path: string, start: number, end: number, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let at = start; at < end; ) {
      throwIfAborted(signal);
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, end - at), at);
      if (bytesRead === 0) return;
      at += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
