// The shuffle's second half, on disk. Records are read task by task in file order, but the output wants them in
// the seeded order: each formatted example is appended to the spill file of its output position's bucket (a run of
// consecutive positions sized to fit in memory), and each bucket is then read back whole, put in order and written
// out. Memory stays at one bucket plus the write buffers, whatever the output size; the extra cost is writing and
// reading the output once more, which the page cache mostly absorbs.
//
// An entry is [position in bucket: u32 LE][byte length: u32 LE][the example's JSON, UTF-8, and a line feed].
import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync, fstatSync } from 'node:fs';
import { join } from 'node:path';
import { MaterializeError } from './errors';

export interface SpillLayout {
  /** First output position of the window these buckets hold. */
  first: number;
  /** Positions in the window. */
  positions: number;
  /** Positions per bucket (the last may have fewer). */
  perBucket: number;
}

export class SpillBuckets {
  private dir = '';
  private readonly fds: number[] = [];
  private readonly buffers: Buffer[] = [];
  private readonly used: number[] = [];
  private readonly count: number;

  constructor(
    parent: string,
    private readonly layout: SpillLayout,
    bufferBytes: number,
  ) {
    this.count = Math.ceil(layout.positions / layout.perBucket);
    try {
      this.dir = mkdtempSync(join(parent, '.taskmix-spill-'));
      for (let b = 0; b < this.count; b++) {
        this.fds.push(openSync(join(this.dir, String(b)), 'w+'));
        this.buffers.push(Buffer.allocUnsafe(bufferBytes));
        this.used.push(0);
      }
    } catch (error) {
      this.dispose();
      throw spillError(error, parent);
    }
  }

  get buckets(): number {
    return this.count;
  }

  /** Adds the example of output position `position` (absolute): its JSON, without the line feed. */
  add(position: number, line: string): void {
    const relative = position - this.layout.first;
    const b = Math.floor(relative / this.layout.perBucket);
    const inBucket = relative - b * this.layout.perBucket;
    let buffer = this.buffers[b]!;
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const worst = 9 + line.length * 3;
    if (this.used[b]! + worst > buffer.length) this.flush(b);
    if (worst > buffer.length) {
      const bytes = Buffer.from(line + '\n', 'utf8');
      const head = Buffer.allocUnsafe(8);
      head.writeUInt32LE(inBucket, 0);
      head.writeUInt32LE(bytes.length, 4);
      this.write(b, head, head.length);
      this.write(b, bytes, bytes.length);
      return;
    }
    buffer = this.buffers[b]!;
    const at = this.used[b]!;
    const length = buffer.write(line, at + 8, 'utf8');
    buffer[at + 8 + length] = 0x0a;
    buffer.writeUInt32LE(inBucket, at);
    buffer.writeUInt32LE(length + 1, at + 4);
    this.used[b] = at + 9 + length;
  }

  /**
   * Reads each bucket back and hands its examples to `emit` in output order (bytes [start, end) of a buffer that is
   * reused afterwards). Every position of the window must have arrived exactly once.
   */
  async drain(emit: (bytes: Buffer, start: number, end: number) => void, pause: () => Promise<void>): Promise<void> {
    for (let b = 0; b < this.count; b++) this.flush(b);
    // One buffer for every bucket, grown as needed: allocating one per bucket leaves the freed ones in the process's
    // memory (the allocator keeps them), which doubles the peak.
    let data = Buffer.allocUnsafe(0);
    for (let b = 0; b < this.count; b++) {
      await pause();
      const fd = this.fds[b]!;
      const size = fstatSync(fd).size;
      if (size > data.length) data = Buffer.allocUnsafe(Math.max(size, Math.floor(data.length * 1.25)));
      let done = 0;
      while (done < size) {
        const n = readSync(fd, data, done, size - done, done);
        if (n === 0) break;
        done += n;
      }
      closeSync(fd);
      this.fds[b] = -1;
      unlinkSync(join(this.dir, String(b)));
      const positions = Math.min(this.layout.perBucket, this.layout.positions - b * this.layout.perBucket);
      // Entry offset + 1 for each position (0: not seen).
      const at = new Float64Array(positions);
      let offset = 0;
      while (offset < size) {
        const position = u32(data, offset);
        const length = u32(data, offset + 4);
        if (position >= positions || at[position] !== 0) throw new Error(`materialize: spill bucket ${b} has position ${position} twice or out of range`);
        at[position] = offset + 1;
        offset += 8 + length;
      }
      for (let p = 0; p < positions; p++) {
        const entry = at[p]! - 1;
        if (entry < 0) throw new Error(`materialize: spill bucket ${b} lacks position ${p}`);
        const length = u32(data, entry + 4);
        emit(data, entry + 8, entry + 8 + length);
      }
    }
  }

  /** Closes and removes every spill file (also after a failure). */
  dispose(): void {
    for (let b = 0; b < this.fds.length; b++) {
      if (this.fds[b]! >= 0) {
        try {
          closeSync(this.fds[b]!);
        } catch {
          // Closing is best effort here; the folder goes below.
        }
        this.fds[b] = -1;
      }
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  private flush(b: number): void {
    if (this.used[b]! === 0) return;
    this.write(b, this.buffers[b]!, this.used[b]!);
    this.used[b] = 0;
  }

  private write(b: number, bytes: Buffer, length: number): void {
    let done = 0;
    try {
      while (done < length) done += writeSync(this.fds[b]!, bytes, done, length - done);
    } catch (error) {
      throw spillError(error, this.dir);
    }
  }
}

/** A little-endian u32 (Buffer.readUInt32LE checks its bounds on every call; these offsets are known good). */
function u32(data: Uint8Array, at: number): number {
  return (data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24)) >>> 0;
}

function spillError(error: unknown, where: string): MaterializeError {
  const e = error as NodeJS.ErrnoException;
  const why = e.code === 'ENOSPC' ? 'the disk is full' : e.code === 'EFBIG' ? 'a file grew larger than this system allows' : e.message;
  return new MaterializeError('output', `cannot write the temporary spill files (${why}); the partial output was removed`, { file: where });
}
