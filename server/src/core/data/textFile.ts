// Runs the right scanner over a text data file (plain or gzip), with `.json` files that turn out to hold
// JSON Lines read as such (the Hugging Face `to_json` default writes JSON Lines under a .json name).
import { basename } from 'node:path';
import type { TextDataFormat } from './outcome';
import { gunzipFileChunks, readFileChunks, withoutBom } from './byteChunks';
import { scanJsonl } from './jsonlScanner';
import { scanJsonArray, TopLevelObjectError } from './jsonArrayScanner';
import { DataError } from './dataError';
import { scanDelimited } from './delimitedScanner';
import type { ScanResult, ScanWindow } from './scanWindow';

export interface TextScan extends ScanResult {
  /** The format the content was read as (a .json file may be read as JSON Lines). */
  format: TextDataFormat;
}

/** `byteLimit`: read no further than this byte of the file (its size when it was checked: see countFile). */
export async function scanTextFile(
  path: string,
  format: TextDataFormat,
  compressed: boolean,
  window: ScanWindow,
  byteLimit = Infinity,
): Promise<TextScan> {
  const chunks = (): AsyncIterable<Buffer> =>
    withoutBom(compressed ? gunzipFileChunks(path, window.signal, byteLimit) : readFileChunks(path, window.signal, byteLimit));
  switch (format) {
    case 'jsonl':
      return { format, ...(await scanJsonl(chunks(), window)) };
    case 'csv':
      return { format, ...(await scanDelimited(chunks(), ',', window)) };
    case 'tsv':
      return { format, ...(await scanDelimited(chunks(), '\t', window)) };
    case 'json':
      try {
        return { format, ...(await scanJsonArray(chunks(), window)) };
      } catch (error) {
        if (!(error instanceof TopLevelObjectError)) throw error;
        let asLines: ScanResult;
        try {
          asLines = await scanJsonl(chunks(), window);
        } catch {
          throw error; // neither an array nor JSON Lines: the array message says what a .json file must hold
        }
        // One object alone is a JSON document whose top level is an object (`{"data": [...]}`), not JSON Lines:
        // counting it as one example would be silently wrong.
        if (asLines.count < 2) throw oneObjectError(error, asLines.records[0]?.record);
        asLines.warnings.push(
          `${basename(path)} holds JSON Lines (one object per line), not a JSON array; it was read as JSON Lines. Rename it to .jsonl to say so.`,
        );
        return { format: 'jsonl', ...asLines };
      }
  }
}

/** The error for a .json file that holds one object, naming the keys that hold arrays (where the records likely are). */
function oneObjectError(error: TopLevelObjectError, record: unknown): DataError {
  const arrays =
    record && typeof record === 'object' ? Object.entries(record).filter(([, v]) => Array.isArray(v)).map(([k]) => `\`${k}\``) : [];
  const hint = arrays.length
    ? ` Its ${arrays.length === 1 ? 'key' : 'keys'} ${arrays.join(', ')} ${arrays.length === 1 ? 'holds an array' : 'hold arrays'}: write the array of records as the whole file.`
    : '';
  return new DataError(
    'malformed',
    `Line ${error.line ?? 1}: the file holds one object, but a .json data file must hold an array of records at the top level ([{...}, {...}]), or JSON Lines.${hint}`,
    error.line,
    error.column,
  );
}
