// A `.json` data file: one top-level array whose elements are the records. A streaming tokenizer validates
// the whole file's JSON syntax and counts the array's elements without building them; only the elements in the
// window are cut out and parsed. Memory stays at one chunk plus the kept elements. Not checked, for speed: raw
// control characters other than line breaks inside strings (JSON forbids them; Python's json reads them).
import type { DataRecord } from './outcome';
import { DataError, throwIfAborted } from './dataError';
import { indexOrEnd } from './byteChunks';
import { inWindow, keepRecord, maxRecordBytes, recordTooLargeWarning, windowDone, type ScanResult, type ScanWindow } from './scanWindow';

/** Thrown when the file starts with `{`: the caller may read it as JSON Lines instead. */
export class TopLevelObjectError extends DataError {}

// What the tokenizer expects next, outside of a token.
const enum Expect {
  TopValue,
  Value,
  ValueOrClose,
  KeyOrClose,
  Key,
  Colon,
  CommaOrClose,
  End,
}

// The token being read, which may continue into the next chunk.
const enum Token {
  None,
  String,
  Number,
  Literal,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;

const simpleEscapes = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);
const numberPattern = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const literals: Record<number, string> = { 0x74: 'true', 0x66: 'false', 0x6e: 'null' };

function isNumberByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function describeByte(c: number): string {
  if (c >= 0x21 && c <= 0x7e) return `'${String.fromCharCode(c)}'`;
  if (c >= 0x80) return 'a non-ASCII character';
  return `control character 0x${c.toString(16).padStart(2, '0')}`;
}

const expectedText: Record<Expect, string> = {
  [Expect.TopValue]: 'a top-level array `[`',
  [Expect.Value]: 'a value',
  [Expect.ValueOrClose]: 'a value or `]`',
  [Expect.KeyOrClose]: 'a string key or `}`',
  [Expect.Key]: 'a string key',
  [Expect.Colon]: '`:`',
  [Expect.CommaOrClose]: '`,` or a closing bracket',
  [Expect.End]: 'the end of the file after the top-level array',
};

export async function scanJsonArray(chunks: AsyncIterable<Buffer>, window: ScanWindow): Promise<ScanResult> {
  const records: DataRecord[] = [];
  const warnings: string[] = [];
  const stack: number[] = []; // open brackets: 0x5b '[' or 0x7b '{'
  const openLines: number[] = [];
  let expect = Expect.TopValue as Expect; // widened: callbacks below assign it too
  let token = Token.None;
  let stringIsKey = false;
  let stringLine = 0;
  let escape = false;
  let hexLeft = 0;
  let numberText = '';
  let literal = '';
  let literalIndex = 0;

  let count = 0;
  let line = 1;
  let base = 0;
  let lineStart = 0;
  // The element being kept, cut out of the chunks as they pass.
  let keeping = false;
  let keepFrom = 0;
  let kept: Buffer[] = [];
  let keptBytes = 0;
  let elementLine = 0;

  const fail = (message: string, at: number): never => {
    throw new DataError('malformed', `Line ${line}: ${message}.`, line, at - lineStart + 1);
  };

  const keepSlice = (chunk: Buffer, from: number, to: number): void => {
    keptBytes += to - from;
    if (keptBytes <= maxRecordBytes) kept.push(Buffer.from(chunk.subarray(from, to)));
  };

  const valueStarts = (i: number): void => {
    if (stack.length === 1 && stack[0] === 0x5b) {
      elementLine = line;
      window.starts?.push(base + i);
      if (inWindow(window, count)) {
        keeping = true;
        keepFrom = i;
        kept = [];
        keptBytes = 0;
      }
    }
  };

  /** A value ended just before `end` (exclusive, in `chunk`). Returns true when the scan may stop. */
  const valueEnds = (chunk: Buffer, end: number): boolean => {
    if (stack.length === 0) {
      expect = Expect.End;
      return false;
    }
    expect = Expect.CommaOrClose;
    if (stack.length !== 1) return false;
    if (keeping) {
      keepSlice(chunk, keepFrom, end);
      keeping = false;
      if (keptBytes > maxRecordBytes) warnings.push(recordTooLargeWarning(elementLine));
      else keepRecord(window, records, { line: elementLine, record: JSON.parse(Buffer.concat(kept).toString('utf8')) as unknown });
      kept = [];
    }
    count++;
    return windowDone(window, count);
  };

  for await (const chunk of chunks) {
    throwIfAborted(window.signal);
    const n = chunk.length;
    let i = 0;
    let nextQuote = -1;
    let nextBackslash = -1;
    let nextLineBreak = -1;
    while (i < n) {
      let c = chunk[i]!;
      if (token === Token.String) {
        if (hexLeft > 0) {
          if (!isHex(c)) fail(`invalid \\u escape: expected a hex digit, found ${describeByte(c)}`, base + i);
          hexLeft--;
          i++;
          continue;
        }
        if (escape) {
          if (c === 0x75) hexLeft = 4;
          else if (!simpleEscapes.has(c)) fail(`invalid escape \\${String.fromCharCode(c)} in a string`, base + i);
          escape = false;
          i++;
          continue;
        }
        // Jump over the string's text natively: the next quote, backslash or line break ends the jump. Each
        // position is searched once per chunk and reused until passed, so text-heavy files avoid a byte loop.
        if (nextQuote < i) nextQuote = indexOrEnd(chunk, QUOTE, i);
        if (nextBackslash < i) nextBackslash = indexOrEnd(chunk, BACKSLASH, i);
        if (nextLineBreak < i) nextLineBreak = indexOrEnd(chunk, LF, i);
        i = Math.min(nextQuote, nextBackslash, nextLineBreak);
        if (i === n) break;
        c = chunk[i]!;
        if (c === BACKSLASH) {
          escape = true;
          i++;
          continue;
        }
        if (c === LF) fail(`line break inside the string that starts on line ${stringLine} (missing closing quote?)`, base + i);
        token = Token.None;
        i++;
        if (stringIsKey) expect = Expect.Colon;
        else if (valueEnds(chunk, i)) return { count, records, warnings };
        continue;
      }
      if (token === Token.Number) {
        if (isNumberByte(c)) {
          numberText += String.fromCharCode(c);
          i++;
          continue;
        }
        token = Token.None;
        if (!numberPattern.test(numberText)) fail(`invalid number ${numberText}`, base + i - 1);
        if (valueEnds(chunk, i)) return { count, records, warnings };
        continue; // c is looked at again outside the number
      }
      if (token === Token.Literal) {
        if (c !== literal.charCodeAt(literalIndex)) fail(`invalid literal: expected ${literal}`, base + i);
        i++;
        if (++literalIndex === literal.length) {
          token = Token.None;
          if (valueEnds(chunk, i)) return { count, records, warnings };
        }
        continue;
      }

      if (c === 0x20 || c === 0x09 || c === 0x0d) {
        i++;
        continue;
      }
      if (c === LF) {
        line++;
        lineStart = base + i + 1;
        i++;
        continue;
      }
      switch (expect) {
        case Expect.TopValue:
          if (c === 0x7b) {
            throw new TopLevelObjectError(
              'malformed',
              `Line ${line}: the file starts with an object, but a .json data file must hold one top-level array of records ([{...}, {...}]); write it as an array, or as JSON Lines in a .jsonl file.`,
              line,
              base + i - lineStart + 1,
            );
          }
          if (c !== 0x5b) fail(`expected a top-level array \`[\`, found ${describeByte(c)}`, base + i);
          stack.push(c);
          openLines.push(line);
          expect = Expect.ValueOrClose;
          i++;
          continue;
        case Expect.Colon:
          if (c !== 0x3a) fail(`expected \`:\` after the key, found ${describeByte(c)}`, base + i);
          expect = Expect.Value;
          i++;
          continue;
        case Expect.CommaOrClose: {
          const top = stack[stack.length - 1];
          if (c === 0x2c) {
            expect = top === 0x7b ? Expect.Key : Expect.Value;
            i++;
            continue;
          }
          if ((c === 0x5d && top === 0x5b) || (c === 0x7d && top === 0x7b)) break; // closed below
          fail(`expected \`,\` or \`${top === 0x7b ? '}' : ']'}\`, found ${describeByte(c)}`, base + i);
          break;
        }
        case Expect.End:
          fail(`unexpected ${describeByte(c)} after the end of the top-level array`, base + i);
          break;
        case Expect.Key:
        case Expect.KeyOrClose:
          if (c === QUOTE) {
            token = Token.String;
            stringIsKey = true;
            stringLine = line;
            i++;
            continue;
          }
          if (!(c === 0x7d && expect === Expect.KeyOrClose)) {
            fail(`expected ${expectedText[expect]}, found ${describeByte(c)}`, base + i);
          }
          break; // closed below
        case Expect.Value:
        case Expect.ValueOrClose:
          if (c === 0x5d && expect === Expect.ValueOrClose) break; // closed below
          valueStarts(i);
          if (c === 0x5b || c === 0x7b) {
            stack.push(c);
            openLines.push(line);
            expect = c === 0x5b ? Expect.ValueOrClose : Expect.KeyOrClose;
          } else if (c === QUOTE) {
            token = Token.String;
            stringIsKey = false;
            stringLine = line;
          } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
            token = Token.Number;
            numberText = String.fromCharCode(c);
          } else if (literals[c] !== undefined) {
            token = Token.Literal;
            literal = literals[c]!;
            literalIndex = 1;
          } else {
            fail(`expected ${expectedText[expect]}, found ${describeByte(c)}`, base + i);
          }
          i++;
          continue;
      }
      // A closing bracket that matches the innermost open one.
      stack.pop();
      openLines.pop();
      i++;
      if (valueEnds(chunk, i)) return { count, records, warnings };
    }
    if (keeping) {
      keepSlice(chunk, keepFrom, n);
      keepFrom = 0;
    }
    base += n;
  }

  if (token === Token.String) {
    throw new DataError('malformed', `The string that starts on line ${stringLine} is not closed (file truncated?).`, stringLine);
  }
  if (expect === Expect.TopValue) {
    throw new DataError('malformed', 'The file is empty: a .json data file must hold a top-level array such as [].', 1, 1);
  }
  if (stack.length > 0) {
    const what = stack[stack.length - 1] === 0x5b ? 'array' : 'object';
    const openedAt = openLines[openLines.length - 1]!;
    throw new DataError(
      'malformed',
      `Unexpected end of file: the ${what} opened on line ${openedAt} is not closed (file truncated?).`,
      line,
    );
  }
  return { count, records, warnings };
}
