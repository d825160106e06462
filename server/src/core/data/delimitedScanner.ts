// CSV and TSV (RFC 4180): a header row, then one record per row. A field that starts with `"` is quoted: it may
// hold delimiters and line breaks, and `""` inside it is one quote. As Python's csv module (non-strict) does, a
// quote in the middle of an unquoted field is an ordinary character. Blank lines are skipped. Only the header
// and the kept records are built; for the others the scanner jumps between quotes, separators and line breaks.
import type { DataRecord } from './outcome';
import { DataError, throwIfAborted } from './dataError';
import { indexOrEnd } from './byteChunks';
import { inWindow, keepRecord, maxRecordBytes, recordTooLargeWarning, windowDone, type ScanResult, type ScanWindow } from './scanWindow';

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote seen inside a quoted field: either the closing quote or the first of `""`. */
  QuoteInQuoted,
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export async function scanDelimited(
  chunks: AsyncIterable<Buffer>,
  delimiter: ',' | '\t',
  window: ScanWindow,
): Promise<ScanResult> {
  const sep = delimiter.charCodeAt(0);
  const records: DataRecord[] = [];
  const warnings: string[] = [];
  let header: string[] | undefined;
  let headerLine: number | undefined;
  let count = 0;
  let line = 1;
  let base = 0;
  let lineStart = 0;
  let state = State.FieldStart;
  let quoteLine = 0;
  let quoteColumn = 0;
  // The current record:
  let recordLine = 1;
  let recordStart = 0; // byte offset of the current record's first line, for window.starts
  let blank = true;
  let capture = true; // the header is always built
  let fields: string[] = [];
  // The current field's bytes, copied a run at a time into one growing buffer outside the JS heap: a quoted field
  // of many MB costs about its size (a byte-at-a-time array of numbers cost 8 bytes and more per byte).
  const field = new FieldBytes();
  let fieldQuoted = false;
  let recordBytes = 0;

  /** Keeps chunk[from, to) as text of the current field, while the record is within the size limit. */
  const keepBytes = (chunk: Buffer, from: number, to: number): void => {
    if (to <= from) return;
    recordBytes += to - from;
    if (recordBytes <= maxRecordBytes) field.append(chunk, from, to);
  };

  const endField = (): void => {
    if (!capture) return;
    // Over the limit the record is not shown: its fields are not built.
    if (recordBytes > maxRecordBytes) fields.push('');
    // A CR before the line's LF belongs to the line ending, not to an unquoted field.
    else fields.push(field.take(!fieldQuoted));
    field.clear();
    fieldQuoted = false;
  };

  /** Returns true when the scan may stop. */
  const endRecord = (): boolean => {
    endField();
    let done = false;
    if (!blank) {
      if (!header) {
        if (recordBytes > maxRecordBytes) {
          throw new DataError(
            'malformed',
            `Line ${recordLine}: the header row is larger than ${maxRecordBytes >> 20} MiB, so its column names cannot be read. Is the first row really a header?`,
            recordLine,
            1,
          );
        }
        header = fields;
        headerLine = recordLine;
        const seen = new Set<string>();
        for (const name of header) {
          if (seen.has(name)) warnings.push(`The header names the column "${name}" twice; the last one wins.`);
          seen.add(name);
        }
      } else {
        if (capture) {
          if (recordBytes > maxRecordBytes) warnings.push(recordTooLargeWarning(recordLine));
          else keepRecord(window, records, { line: recordLine, record: toRecord(header, fields, recordLine, warnings) });
        }
        window.starts?.push(recordStart);
        count++;
        done = windowDone(window, count);
      }
    }
    fields = [];
    field.release();
    fieldQuoted = false;
    blank = true;
    recordBytes = 0;
    capture = header === undefined || inWindow(window, count);
    recordLine = line + 1;
    state = State.FieldStart;
    return done;
  };

  const result = (): ScanResult => ({
    count,
    records,
    warnings,
    columns: header ?? [],
    ...(headerLine !== undefined ? { headerLine } : {}),
  });

  for await (const chunk of chunks) {
    throwIfAborted(window.signal);
    const n = chunk.length;
    // Next positions of the bytes that end a jump, searched natively and reused until passed.
    let nextQuote = -1;
    let nextSeparator = -1;
    let nextLineBreak = -1;
    let i = 0;
    while (i < n) {
      // Field text is passed (and, for built records, copied) a run at a time: the next byte that matters is
      // found natively, in quoted text a quote or a line break, in unquoted text a delimiter or a line break.
      if (state === State.Quoted) {
        if (nextQuote < i) nextQuote = indexOrEnd(chunk, QUOTE, i);
        if (nextLineBreak < i) nextLineBreak = indexOrEnd(chunk, LF, i);
        const stop = Math.min(nextQuote, nextLineBreak);
        if (stop === n) {
          if (capture) keepBytes(chunk, i, n);
          break;
        }
        if (stop === nextQuote) {
          if (capture) keepBytes(chunk, i, stop);
          state = State.QuoteInQuoted;
        } else {
          if (capture) keepBytes(chunk, i, stop + 1); // the line break is text of the field
          line++;
          lineStart = base + stop + 1;
        }
        i = stop + 1;
        continue;
      }
      if (state === State.Unquoted) {
        if (nextSeparator < i) nextSeparator = indexOrEnd(chunk, sep, i);
        if (nextLineBreak < i) nextLineBreak = indexOrEnd(chunk, LF, i);
        const stop = Math.min(nextSeparator, nextLineBreak);
        if (blank) {
          for (let k = i; k < stop; k++) {
            if (chunk[k] !== CR) {
              blank = false;
              break;
            }
          }
        }
        if (capture) keepBytes(chunk, i, stop);
        i = stop;
        if (i === n) break;
      }
      const c = chunk[i]!;
      if (state === State.QuoteInQuoted) {
        if (c === QUOTE) {
          // `""`: one quote of the text, and the field goes on.
          if (capture) keepBytes(chunk, i, i + 1);
          state = State.Quoted;
          i++;
          continue;
        }
        if (c === CR) {
          i++;
          continue;
        }
      } else if (state === State.FieldStart && c === QUOTE) {
        state = State.Quoted;
        blank = false;
        fieldQuoted = true;
        quoteLine = line;
        quoteColumn = base + i - lineStart + 1;
        if (capture) recordBytes++;
        i++;
        continue;
      }
      // Outside quotes (the end of an unquoted run, a fresh field, or just after a closing quote).
      if (capture) recordBytes++;
      if (c === sep) {
        endField();
        blank = false;
        state = State.FieldStart;
      } else if (c === LF) {
        if (endRecord()) return result();
        line++;
        lineStart = base + i + 1;
        recordStart = lineStart;
      } else {
        if (c !== CR) blank = false;
        state = State.Unquoted;
        if (capture) keepBytes(chunk, i, i + 1);
      }
      i++;
    }
    base += n;
  }
  if (state === State.Quoted) {
    throw new DataError(
      'malformed',
      `Line ${quoteLine}: the quoted field that starts here is never closed. Close it, or write a quote inside a quoted field as "".`,
      quoteLine,
      quoteColumn,
    );
  }
  endRecord();
  if (!header) warnings.push('The file is empty: it has no header row.');
  return result();
}

function toRecord(header: string[], fields: string[], line: number, warnings: string[]): Record<string, string> {
  if (fields.length !== header.length) {
    warnings.push(`Line ${line} has ${fields.length} fields, but the header has ${header.length}.`);
  }
  const record: Record<string, string> = {};
  header.forEach((name, index) => {
    const value = fields[index];
    if (value !== undefined) record[name] = value;
  });
  return record;
}

/** The bytes of one field, in a buffer that grows by doubling and is reused from field to field. */
class FieldBytes {
  private buffer = Buffer.allocUnsafe(256);
  private length = 0;

  append(chunk: Buffer, from: number, to: number): void {
    const needed = this.length + (to - from);
    if (needed > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    chunk.copy(this.buffer, this.length, from, to);
    this.length = needed;
  }

  /** The field as text; `trimCr` drops one CR at its end. */
  take(trimCr: boolean): string {
    const end = trimCr && this.length > 0 && this.buffer[this.length - 1] === CR ? this.length - 1 : this.length;
    return this.buffer.toString('utf8', 0, end);
  }

  clear(): void {
    this.length = 0;
  }

  /** Between records: a buffer grown for a large field is let go rather than kept for the whole scan. */
  release(): void {
    this.length = 0;
    if (this.buffer.length > 1 << 16) this.buffer = Buffer.allocUnsafe(256);
  }
}
