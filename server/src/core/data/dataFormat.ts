// Which reader a path needs, decided by its extension (a `.gz` suffix adds gzip on top of a text format).
import { basename } from 'node:path';
import type { TextDataFormat } from './outcome';
import { DataError } from './dataError';

export type FileKind = { format: TextDataFormat; compressed: boolean } | { format: 'parquet'; compressed: false };

const textFormats: Record<string, TextDataFormat> = { jsonl: 'jsonl', json: 'json', csv: 'csv', tsv: 'tsv' };

export const supportedExtensions = '.jsonl, .json, .csv, .tsv (each optionally .gz) or .parquet';

export function detectFileKind(path: string): FileKind {
  const parts = basename(path).toLowerCase().split('.');
  const compressed = parts.length > 2 && parts[parts.length - 1] === 'gz';
  const ext = compressed ? parts[parts.length - 2] : parts.length > 1 ? parts[parts.length - 1] : '';
  if (ext === 'parquet' && !compressed) return { format: 'parquet', compressed: false };
  const format = textFormats[ext ?? ''];
  if (format) return { format, compressed };
  const shown = compressed ? `.${ext}.gz` : ext ? `.${ext}` : 'no extension';
  throw new DataError(
    'unsupported-format',
    `Unsupported data file type (${shown}): use ${supportedExtensions}; parquet files carry their own compression.`,
  );
}

