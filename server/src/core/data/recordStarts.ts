// Where each record of a text data file starts, recorded by the scanners during the counting pass (only when a
// caller asks: `taskmix materialize` does, the editor does not). 4 bytes per record (8 past 4 GiB), so a file of
// millions of records costs megabytes, not its size; with them a later pass reads just the records it needs, by position.
//
// Offsets count bytes of the stream the scanner reads: the file after a leading UTF-8 byte order mark is dropped
// (withoutBom), and for `.gz` files the decompressed bytes. Record i lies in [start(i), start(i + 1)) (the last one
// runs to the end of that stream); the bytes after a record and before the next one are only line breaks, blank
// lines, and for a JSON array the `,` or the closing `]` with white space.
export class RecordStarts {
  // 4 bytes an offset while they fit (files under 4 GiB, nearly all of them), 8 from the first that does not.
  private starts: Uint32Array | Float64Array = new Uint32Array(1024);
  private size = 0;

  push(offset: number): void {
    if (this.size === this.starts.length || (offset > 0xffffffff && this.starts instanceof Uint32Array)) {
      const grown = offset > 0xffffffff || this.starts instanceof Float64Array ? new Float64Array(Math.max(1024, this.starts.length * 2)) : new Uint32Array(this.starts.length * 2);
      grown.set(this.starts.subarray(0, this.size));
      this.starts = grown;
    }
    this.starts[this.size++] = offset;
  }

  get length(): number {
    return this.size;
  }

  /** Offset where record `index` (0-based) starts. */
  at(index: number): number {
    return this.starts[index]!;
  }

  /** Forgets the offsets from `length` on (a scan that is dropped and done again). */
  truncate(length: number): void {
    this.size = Math.min(this.size, length);
  }

  /** Drops the spare capacity once counting is done (the cache may keep these for a long time). */
  trim(): void {
    if (this.starts.length > this.size) this.starts = this.starts.slice(0, this.size);
  }
}
