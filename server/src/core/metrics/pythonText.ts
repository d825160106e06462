// The references are Python programs: their `str.split()`, `str.strip()` and `\w` decide where words end.
// These helpers reproduce those exact character sets, so a no-break space or a U+001C separator splits
// words here exactly as it does there.

/** The characters for which Python's `str.isspace()` is true. */
const PYTHON_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SPACE_RUN = new RegExp(`[${PYTHON_SPACE}]+`, 'g');
const LEADING_SPACE = new RegExp(`^[${PYTHON_SPACE}]+`);
const TRAILING_SPACE = new RegExp(`[${PYTHON_SPACE}]+$`);

/** Python's `text.split()`: words separated by runs of whitespace, no empty words. */
export function pythonSplit(text: string): string[] {
  return text.split(SPACE_RUN).filter((word) => word.length > 0);
}

/** Python's `text.rstrip()`. */
export function pythonRstrip(text: string): string {
  return text.replace(TRAILING_SPACE, '');
}

/** Python's `text.strip()`. */
export function pythonStrip(text: string): string {
  return text.replace(LEADING_SPACE, '').replace(TRAILING_SPACE, '');
}

/** A character class body for Python 3's Unicode `\w` (letters, numbers, underscore). */
export const PYTHON_WORD_CHAR = '\\p{L}\\p{N}_';
