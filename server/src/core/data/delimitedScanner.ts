// CSV and TSV (RFC 4180): a header row, then one record per row. A field that starts with `"` is quoted: it may
// hold delimiters and line breaks, and `""` inside it is one quote. As Python's csv module (non-strict) does, a
// quote in the middle of an unquoted field is an ordinary character. Blank lines are skipped. Only the header
// and the kept records are built; for the others the scanner jumps between quotes, separators and line breaks.
import type { DataRecord } from './outcome';
import { DataError, throwIfAborted } from './dataError';
import { indexOrEnd } from './byteChunks';
import { inWindow, maxRecordBytes, recordTooLargeWarning, windowDone, type ScanResult, type ScanWindow } from './scanWindow';

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
  let blank = true;
  let capture = true; // the header is always built
  let fields: string[] = [];
  let field: number[] = [];
  let fieldQuoted = false;
  let recordBytes = 0;

  const endField = (): void => {
    if (!capture) return;
    // A CR before the line's LF belongs to the line ending, not to an unquoted field.
    if (!fieldQuoted && field.length > 0 && field[field.length - 1] === CR) field.pop();
    fields.push(Buffer.from(field).toString('utf8'));
    field = [];
    fieldQuoted = false;
  };

  /** Returns true when the scan may stop. */
  const endRecord = (): boolean => {
    endField();
    let done = false;
    if (!blank) {
      if (!header) {
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
          else records.push({ line: recordLine, record: toRecord(header, fields, recordLine, warnings) });
        }
        count++;
        done = windowDone(window, count);
      }
    }
    fields = [];
    field = [];
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
    for (let i = 0; i < n; i++) {
      if (!capture) {
        // Records that are only counted: jump over field text to the next byte that matters.
        if (state === State.Quoted) {
          if (nextQuote < i) nextQuote = indexOrEnd(chunk, QUOTE, i);
          if (nextLineBreak < i) nextLineBreak = indexOrEnd(chunk, LF, i);
          i = Math.min(nextQuote, nextLineBreak);
        } else if (state === State.Unquoted && !blank) {
          if (nextSeparator < i) nextSeparator = indexOrEnd(chunk, sep, i);
          if (nextLineBreak < i) nextLineBreak = indexOrEnd(chunk, LF, i);
          i = Math.min(nextSeparator, nextLineBreak);
        }
        if (i === n) break;
      }
      const c = chunk[i]!;
      if (capture && ++recordBytes <= maxRecordBytes) field.push(c);
      switch (state) {
        case State.Quoted:
          if (c === QUOTE) {
            state = State.QuoteInQuoted;
            if (capture) field.pop();
          } else if (c === LF) {
            line++;
            lineStart = base + i + 1;
          }
          continue;
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            state = State.Quoted; // `""`: the quote just kept is the escaped one
            continue;
          }
          if (c === CR) {
            if (capture) field.pop();
            continue;
          }
          break;
        case State.FieldStart:
          if (c === QUOTE) {
            state = State.Quoted;
            blank = false;
            fieldQuoted = true;
            quoteLine = line;
            quoteColumn = base + i - lineStart + 1;
            if (capture) field.pop();
            continue;
          }
          break;
        case State.Unquoted:
          break;
      }
      // Outside quotes (State.Unquoted, a fresh field, or just after a closing quote).
      if (c === sep) {
        if (capture) field.pop();
        endField();
        blank = false;
        state = State.FieldStart;
      } else if (c === LF) {
        if (capture) field.pop();
        if (endRecord()) return result();
        line++;
        lineStart = base + i + 1;
      } else {
        if (c !== CR) blank = false;
        state = State.Unquoted;
      }
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
