// Lines of a mixture's text: offsets <-> 1-based line and column, for the CLI's `file:line:col` output (the LSP has
// its own 0-based glue), and the one set of line helpers below.

export interface LineColumn {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units as JavaScript strings count. */
  column: number;
}

export class LineIndex {
  private readonly starts: number[];

  constructor(text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line and column of an offset (clamped into the text). */
  position(offset: number): LineColumn {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: Math.max(0, offset - starts[lo]!) + 1 };
  }
}

// The line helpers every planner of text edits and every scan of the text by lines uses. Lines end at `\n`, and a
// `\r` just before it belongs to the line break: that is where `yaml` (and so the parser) ends a line. A lone `\r`
// is no line break here (yaml reads it as content), though LineIndex counts it as editors do.

/** Offset of the start of the line holding `offset`. */
export function lineStartAt(text: string, offset: number): number {
  // lastIndexOf clamps a negative start to 0 and would find a newline at 0 again: guard it.
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the end of the line holding `offset`, before its `\r\n` or `\n` (the text's end on the last line). */
export function lineEndAt(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl < 0) return text.length;
  return nl > 0 && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
}

/** Offset just past the line break that ends the line holding `offset` (the text's end on the last line). */
export function nextLineStartAt(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** 0-based column of `offset` in its line, in UTF-16 code units. */
export function columnAt(text: string, offset: number): number {
  return offset - lineStartAt(text, offset);
}

/** The line break that new lines are written with: the file's own (as its first line ends), `\n` for one line. */
export function lineBreakOf(text: string): '\r\n' | '\n' {
  const nl = text.indexOf('\n');
  return nl > 0 && text.charCodeAt(nl - 1) === 13 ? '\r\n' : '\n';
}

/** True when the text ends with a line break (or is empty): whole lines can be appended as they are. */
export function endsWithLineBreak(text: string): boolean {
  return text.length === 0 || text.endsWith('\n');
}
