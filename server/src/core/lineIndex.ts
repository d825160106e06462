// Offsets <-> 1-based line and column, for the CLI's `file:line:col` output (the LSP has its own 0-based glue).

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
