// Values as the Python references see them: Python's float() for regression outputs, and str() of the JSON
// scalars a label or an id can be written as.

/**
 * The first code point (the digit zero) of every run of Unicode decimal digits above ASCII: each run holds the
 * digits 0-9 in order. This is Unicode 14.0, the table of Python 3.11 (regenerate with
 * `[cp for cp in range(0x80, 0x110000) if unicodedata.decimal(chr(cp), -1) == 0]`); Python 3.12 and later
 * also read the digits added to Unicode since (Kawi U+11F50 in 15.0, ...). A fixed table, not `\p{Nd}`, so
 * the answer does not change with the ICU that Node was built with.
 */
const DIGIT_ZEROS: readonly number[] = [
  0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50, 0xed0, 0xf20,
  0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0,
  0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0,
  0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0,
  0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/** The characters above ASCII for which Python's `str.isspace()` is true: float() reads each as a space. */
const NON_ASCII_SPACE = /^[\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

/** The decimal digit value of a code point above ASCII, or -1 (binary search over the runs). */
function digitValue(cp: number): number {
  let lo = 0;
  let hi = DIGIT_ZEROS.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const zero = DIGIT_ZEROS[mid]!;
    if (cp < zero) hi = mid - 1;
    else if (cp > zero + 9) lo = mid + 1;
    else return cp - zero;
  }
  return -1;
}

/**
 * CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII`, the first step of float(str): ASCII stays, other
 * whitespace becomes ' ', other decimal digits become '0'-'9'; undefined where anything else is left, which
 * float() can never read. (U+007F is not ASCII here either: float() rejects it.)
 */
function toAsciiNumber(text: string): string | undefined {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x7f) out += ch;
    else if (NON_ASCII_SPACE.test(ch)) out += ' ';
    else {
      const digit = digitValue(cp);
      if (digit < 0) return undefined;
      out += String.fromCharCode(0x30 + digit);
    }
  }
  return out;
}

/** The whitespace float() strips once the text is ASCII: C's isspace, so not U+001C-U+001F (str.strip() would strip those). */
const ASCII_SPACE = /^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g;
/** Digits with single underscores between them (PEP 515). */
const DIGITS = '[0-9](?:_?[0-9])*';
const DECIMAL = new RegExp(`^[+-]?(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`);
const SPECIAL = /^[+-]?(?:inf|infinity|nan)$/i;

/**
 * Python's `float(text)`, or undefined where it raises ValueError: Unicode decimal digits read as digits,
 * Unicode whitespace around the number stripped, single underscores between digits allowed, inf, infinity and
 * nan in any case, and a value out of range is ±inf (float("1e400") is inf), as in Python.
 */
export function parsePythonFloat(text: string): number | undefined {
  const ascii = toAsciiNumber(text);
  if (ascii === undefined) return undefined;
  const body = ascii.replace(ASCII_SPACE, '');
  if (DECIMAL.test(body)) return Number(body.replaceAll('_', ''));
  if (SPECIAL.test(body)) {
    if (/nan$/i.test(body)) return NaN;
    return body.startsWith('-') ? -Infinity : Infinity;
  }
  return undefined;
}

/** Python's str() of a JSON scalar (JSON cannot tell 1.0 from 1, so integral numbers print as ints); undefined for other values. */
export function pythonScalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    return String(value).replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return undefined;
}
