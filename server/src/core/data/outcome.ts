// The plain-data results of reading a data file: what counting and record reading return.
// Failures are values, not exceptions, so every caller (server, CLI, tests) handles them the same way.
import type { RecordStarts } from './recordStarts';

/** A text format, read as a byte stream (plain or gzip-compressed). */
export type TextDataFormat = 'jsonl' | 'json' | 'csv' | 'tsv';
export type DataFormat = TextDataFormat | 'parquet';

/** Which record keys (or CSV/TSV columns) hold the model's input and target text. */
export interface FieldNames {
  input: string;
  target: string;
}

/** One parsed record and where it starts: the 1-based line for text formats, the 1-based row for parquet. */
export interface DataRecord {
  line: number;
  record: unknown;
}

export interface MissingField {
  role: 'input' | 'target';
  /** The field name as configured (may be a dotted path). */
  field: string;
  /** 1-based line of the first record without it (the header line for CSV/TSV); absent for parquet,
   *  where the check is made against the file's schema. */
  line?: number;
  message: string;
}

export type DataFailureKind =
  | 'missing'
  | 'directory'
  | 'unreadable'
  | 'unsupported-format'
  | 'malformed'
  | 'too-large'
  /** The caller's AbortSignal fired; never cached. */
  | 'aborted';

export interface DataFailure {
  ok: false;
  kind: DataFailureKind;
  /** Says what is wrong and how to fix it. */
  message: string;
  /** 1-based line where the problem is (text formats). */
  line?: number;
  /** 1-based column, counted in bytes from the start of the line. */
  column?: number;
}

export interface CountSuccess {
  ok: true;
  format: DataFormat;
  /** True for `.gz` files (decompressed while reading). */
  compressed: boolean;
  /** Number of examples: non-empty lines, array elements, CSV/TSV records after the header, parquet rows. */
  count: number;
  /** Size of the file on disk. */
  bytes: number;
  /** The first records (up to `sampleRecords`), for field checks and examples. Absent for parquet. */
  records?: DataRecord[];
  /** Column names: the CSV/TSV header, or parquet's schema as dotted paths. */
  columns?: string[];
  /** Where each record starts (text formats), when the count was asked for them (CountOptions.recordStarts). */
  recordStarts?: RecordStarts;
  /** Configured fields that the first records (or the header/schema) lack. */
  missingFields?: MissingField[];
  warnings?: string[];
}

export type CountOutcome = CountSuccess | DataFailure;

export type RecordsOutcome = { ok: true; format: DataFormat; records: DataRecord[]; warnings?: string[] } | DataFailure;
