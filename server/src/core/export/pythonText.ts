// Python source fragments: string literals that are always valid and read back as the same text.

/** A double-quoted Python 3 string literal for `s`. */
export function pythonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += s.slice(i, i + 2);
      i += 1;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate cannot be written as UTF-8 source; Python's escape keeps the same code point.
      out += '\\u' + c.toString(16).padStart(4, '0');
    } else out += ch;
  }
  return out + '"';
}

/** A comment line's text: no line breaks, so a file name cannot end the comment early. */
export function commentText(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/** A float literal that Python reads back as the same double (JS's shortest round-trip form). */
export function pythonFloat(x: number): string {
  const s = String(x);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}
