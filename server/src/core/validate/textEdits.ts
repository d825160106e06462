// Minimal edits on the original text for quick fixes. Each touches only the span it must, so
// comments, quoting style and indentation elsewhere stay byte-identical.
import type { KeyInfo, Range, TextEdit } from '../types';

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the end of the line holding `offset`, before its `\r\n` or `\n`. */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl < 0) return text.length;
  return nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
}

/** Offset just past the line break that ends the line holding `offset` (or the text's end). */
function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** A YAML scalar for `value`: plain when that reads back as the same string, double-quoted otherwise. */
export function yamlString(value: string): string {
  const plainSafe =
    /^[A-Za-z_./][A-Za-z0-9_.\-/ ]*$/.test(value) &&
    !value.endsWith(' ') &&
    !/^(true|false|null|yes|no|on|off|~)$/i.test(value);
  return plainSafe ? value : JSON.stringify(value);
}

export function replaceEdit(range: Range, newText: string): TextEdit {
  return { range: [range[0], range[1]], newText };
}

function isQuoted(text: string, range: Range): boolean {
  const q = text[range[0]];
  return range[1] - range[0] >= 2 && (q === '"' || q === "'") && text[range[1] - 1] === q;
}

/**
 * Appends `suffix` to the string scalar at `range` (value `value`), keeping its quotes. A plain scalar
 * that could not take the suffix as written (`:` ends a key in YAML) is rewritten double-quoted.
 */
export function appendToScalarEdit(text: string, range: Range, value: string, suffix: string): TextEdit {
  if (isQuoted(text, range)) {
    let at = range[1] - 1;
    // Keep trailing spaces after the suffix: `"cola "` -> `"cola: "`.
    while (at > range[0] + 1 && text[at - 1] === ' ') at--;
    const escaped = text[range[0]] === "'" ? suffix.replace(/'/g, "''") : JSON.stringify(suffix).slice(1, -1);
    return { range: [at, at], newText: escaped };
  }
  if (/^[\w.\-]+$/.test(suffix) && text.slice(range[0], range[1]) === value) return { range: [range[1], range[1]], newText: suffix };
  return replaceEdit(range, JSON.stringify(value + suffix));
}

/** The edit that deletes a key and its value, with its line when the key has a line of its own. */
export function removeKeyEdit(text: string, key: KeyInfo): TextEdit {
  const start = key.keyRange[0];
  const end = Math.max(key.keyRange[1], key.valueRange[1]);
  const ls = lineStart(text, start);
  const before = text.slice(ls, start);
  if (/^\s*$/.test(before)) {
    const stop = end > 0 && text[end - 1] === '\n' ? end : nextLineStart(text, end);
    return { range: [ls, stop], newText: '' };
  }
  if (/^\s*-\s+$/.test(before)) {
    // First key of a sequence item (`- rate: 1`): the next key moves up behind the dash.
    const next = nextLineStart(text, end);
    const m = /^[ \t]*/.exec(text.slice(next))!;
    const following = next + m[0].length;
    if (following < text.length && text[following] !== '-' && text[following] !== '\n' && next < text.length) {
      const nextIndent = m[0].length;
      if (nextIndent === start - ls) return { range: [start, following], newText: '' };
    }
    return { range: [start, lineEnd(text, end)], newText: '' };
  }
  // A flow map (`{a: 1, b: 2}`): take the comma on one side with it.
  const after = /^\s*,\s*/.exec(text.slice(end));
  if (after) return { range: [start, end + after[0].length], newText: '' };
  const prev = /,\s*$/.exec(text.slice(0, start));
  return { range: [prev ? start - prev[0].length : start, end], newText: '' };
}

/**
 * The edit that adds `line` (`key: value`) to a map whose written keys are `keys` and whose
 * node spans `mapRange`: a new line at the keys' column in block style, `, key: value` in flow style.
 */
export function insertKeyEdit(text: string, keys: readonly KeyInfo[], mapRange: Range, line: string): TextEdit {
  const head = /^(\s*-\s*)?/.exec(text.slice(mapRange[0], mapRange[1]))![0];
  const open = mapRange[0] + head.length;
  if (text[open] === '{') {
    const close = text.lastIndexOf('}', mapRange[1]);
    if (close > open) {
      const inner = text.slice(open + 1, close).trim();
      return { range: [close, close], newText: inner ? `, ${line}` : line };
    }
  }
  if (keys.length === 0) {
    return { range: [mapRange[1], mapRange[1]], newText: `${eol(text)}  ${line}` };
  }
  const first = keys[0].keyRange[0];
  const column = first - lineStart(text, first);
  const last = Math.max(...keys.map((k) => Math.max(k.keyRange[1], k.valueRange[1])));
  // A block value's range may end just past its own line break: insert before that break.
  const anchor = last > 0 && text[last - 1] === '\n' ? last - 1 : last;
  const at = lineEnd(text, anchor);
  return { range: [at, at], newText: `${eol(text)}${' '.repeat(column)}${line}` };
}

/** The edit that adds a top-level `line` before the first top-level key (after any header comments). */
export function insertTopLevelKeyEdit(text: string, keys: readonly KeyInfo[], line: string): TextEdit {
  if (keys.length === 0) return { range: [0, 0], newText: line + eol(text) };
  const at = lineStart(text, keys[0].keyRange[0]);
  return { range: [at, at], newText: line + eol(text) };
}

/** Applies edits to text (ranges refer to the original text and must not overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range[0] - a.range[0] || b.range[1] - a.range[1]);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range[0]) + e.newText + out.slice(e.range[1]);
  return out;
}
