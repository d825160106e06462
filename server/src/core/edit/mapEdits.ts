// The minimal edits of YAML maps that every planner builds on: replace a value, append to a scalar, remove a key,
// add keys (in the map's own block or flow style) and add whole lines. Each touches only the span it must, so
// comments, quoting style and indentation elsewhere stay byte-identical, and new lines use the file's own line
// break (an edit into a CRLF file writes CRLF).
import { columnAt, endsWithLineBreak, lineBreakOf, lineEndAt, lineStartAt, nextLineStartAt } from '../lineIndex';
import type { KeyInfo, Range, TextEdit } from '../types';

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
  if (/^[\w.-]+$/.test(suffix) && text.slice(range[0], range[1]) === value) return { range: [range[1], range[1]], newText: suffix };
  return replaceEdit(range, JSON.stringify(value + suffix));
}

/** The end of what a key holds; a block value's range may end just past its own line break, so before that break. */
function keyEnd(text: string, key: KeyInfo): number {
  const end = Math.max(key.keyRange[1], key.valueRange[1]);
  return end > 0 && text[end - 1] === '\n' ? end - 1 : end;
}

/** The edit that deletes a key and its value, with its line when the key has a line of its own. */
export function removeKeyEdit(text: string, key: KeyInfo): TextEdit {
  const start = key.keyRange[0];
  const end = Math.max(key.keyRange[1], key.valueRange[1]);
  const ls = lineStartAt(text, start);
  const before = text.slice(ls, start);
  if (/^\s*$/.test(before)) {
    const stop = end > 0 && text[end - 1] === '\n' ? end : nextLineStartAt(text, end);
    return { range: [ls, stop], newText: '' };
  }
  if (/^\s*-\s+$/.test(before)) {
    // First key of a sequence item (`- rate: 1`): the next key moves up behind the dash.
    const next = nextLineStartAt(text, end);
    let following = next;
    while (text[following] === ' ' || text[following] === '\t') following++;
    const blank = text[following] === '\n' || text[following] === '\r';
    if (next < text.length && following < text.length && text[following] !== '-' && !blank && following - next === start - ls) {
      return { range: [start, following], newText: '' };
    }
    return { range: [start, lineEndAt(text, end)], newText: '' };
  }
  // A flow map (`{a: 1, b: 2}`): take the comma on one side with it (scanned in place: the text may be large).
  let after = end;
  while (/\s/.test(text[after] ?? '')) after++;
  if (text[after] === ',') {
    after++;
    while (/\s/.test(text[after] ?? '')) after++;
    return { range: [start, after], newText: '' };
  }
  let prev = start;
  while (prev > 0 && /\s/.test(text[prev - 1]!)) prev--;
  return { range: [prev > 0 && text[prev - 1] === ',' ? prev - 1 : start, end], newText: '' };
}

/** The braces of a map written in flow style (`{a: 1}`, or `- {a: 1}` for a sequence item), or null for a block map. */
export function flowBraces(text: string, mapRange: Range): [open: number, close: number] | null {
  let open = mapRange[0];
  while (text[open] === ' ' || text[open] === '\t') open++;
  if (text[open] === '-') {
    open++;
    while (text[open] === ' ' || text[open] === '\t' || text[open] === '\r' || text[open] === '\n') open++;
  }
  if (text[open] !== '{') return null;
  // The map's own closing brace ends its range; a brace just after it would be an enclosing map's.
  const close = text.lastIndexOf('}', mapRange[1] - 1);
  return close > open ? [open, close] : null;
}

/** Entries added inside the braces of a flow map, after its last entry: `{a: 1}` -> `{a: 1, b: 2}`. */
export function insertIntoFlowEdit(text: string, braces: readonly [number, number], entries: readonly string[]): TextEdit {
  const [open, close] = braces;
  // `{ a: 1 }` keeps its inner spaces around the new entry.
  let at = close;
  while (at > open + 1 && text[at - 1] === ' ') at--;
  const nonEmpty = text.slice(open + 1, close).trim() !== '';
  return { range: [at, at], newText: `${nonEmpty ? ', ' : ''}${entries.join(', ')}` };
}

/** New lines at `column` below the line holding `offset`, so that a comment at that line's end stays on it. */
export function insertLinesBelowEdit(text: string, offset: number, column: number, lines: readonly string[]): TextEdit {
  const at = lineEndAt(text, offset);
  const eol = lineBreakOf(text);
  const pad = ' '.repeat(column);
  return { range: [at, at], newText: lines.map((l) => `${eol}${pad}${l}`).join('') };
}

/** New lines (written as given) just above the line holding `offset`. */
export function insertLinesAboveEdit(text: string, offset: number, lines: readonly string[]): TextEdit {
  const at = lineStartAt(text, offset);
  const eol = lineBreakOf(text);
  return { range: [at, at], newText: lines.map((l) => l + eol).join('') };
}

/** New lines (written as given) at the end of the text, each ending with a line break. */
export function appendLinesEdit(text: string, lines: readonly string[]): TextEdit {
  const eol = lineBreakOf(text);
  const lead = endsWithLineBreak(text) ? '' : eol;
  return { range: [text.length, text.length], newText: lead + lines.map((l) => l + eol).join('') };
}

/**
 * The edit that adds `entries` (`key: value` each) to a map whose written keys are `keys` and whose node spans
 * `mapRange`: new lines after its last key at the keys' column in block style, `, key: value` in flow style.
 */
export function insertKeyEdit(text: string, keys: readonly KeyInfo[], mapRange: Range, entries: string | readonly string[]): TextEdit {
  const lines = typeof entries === 'string' ? [entries] : entries;
  const braces = flowBraces(text, mapRange);
  if (braces) return insertIntoFlowEdit(text, braces, lines);
  if (keys.length === 0) {
    const eol = lineBreakOf(text);
    return { range: [mapRange[1], mapRange[1]], newText: lines.map((l) => `${eol}  ${l}`).join('') };
  }
  const last = keys.reduce((a, b) => (keyEnd(text, b) > keyEnd(text, a) ? b : a));
  return insertLinesBelowEdit(text, keyEnd(text, last), columnAt(text, keys[0]!.keyRange[0]), lines);
}

/** The edit that adds `entry` right after the key `after` of the map at `mapRange` (at the map's end in flow style). */
export function insertKeyAfterEdit(text: string, mapRange: Range, after: KeyInfo, entry: string): TextEdit {
  const braces = flowBraces(text, mapRange);
  if (braces) return insertIntoFlowEdit(text, braces, [entry]);
  return insertLinesBelowEdit(text, keyEnd(text, after), columnAt(text, after.keyRange[0]), [entry]);
}

/** The edit that adds a top-level `line` before the first top-level key (after any header comments). */
export function insertTopLevelKeyEdit(text: string, keys: readonly KeyInfo[], line: string): TextEdit {
  if (keys.length === 0) return { range: [0, 0], newText: line + lineBreakOf(text) };
  return insertLinesAboveEdit(text, keys[0]!.keyRange[0], [line]);
}

/** The offset just after the `:` that follows a key ending at `keyEnd` (the key's end when there is none). */
export function colonEnd(text: string, keyEnd: number): number {
  let i = keyEnd;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return text[i] === ':' ? i + 1 : keyEnd;
}

/** The file's indentation step: the smallest indentation of a line, else two spaces. */
export function indentUnitOf(text: string): string {
  let smallest = Infinity;
  for (const m of text.matchAll(/^( +)[^ \r\n#]/gm)) smallest = Math.min(smallest, m[1]!.length);
  return ' '.repeat(Number.isFinite(smallest) && smallest <= 8 ? smallest : 2);
}
