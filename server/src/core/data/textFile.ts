// Runs the right scanner over a text data file (plain or gzip), with `.json` files that turn out to hold
// JSON Lines read as such (the Hugging Face `to_json` default writes JSON Lines under a .json name).
import { basename } from 'node:path';
import type { TextDataFormat } from './outcome';
import { gunzipFileChunks, readFileChunks, withoutBom } from './byteChunks';
import { scanJsonl } from './jsonlScanner';
import { scanJsonArray, TopLevelObjectError } from './jsonArrayScanner';
import { scanDelimited } from './delimitedScanner';
import type { ScanResult, ScanWindow } from './scanWindow';

export interface TextScan extends ScanResult {
  /** The format the content was read as (a .json file may be read as JSON Lines). */
  format: TextDataFormat;
}

export async function scanTextFile(
  path: string,
  format: TextDataFormat,
  compressed: boolean,
  window: ScanWindow,
): Promise<TextScan> {
  const chunks = (): AsyncIterable<Buffer> =>
    withoutBom(compressed ? gunzipFileChunks(path, window.signal) : readFileChunks(path, window.signal));
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
        asLines.warnings.push(
          `${basename(path)} holds JSON Lines (one object per line), not a JSON array; it was read as JSON Lines. Rename it to .jsonl to say so.`,
        );
        return { format: 'jsonl', ...asLines };
      }
  }
}
