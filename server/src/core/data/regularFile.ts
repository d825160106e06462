// Only regular files are read. A FIFO blocks its reader until some writer comes (forever, for a `data:` path
// that names one), and a device such as /dev/zero or /dev/urandom never ends: so the type is checked before a
// file is opened, and again on the open handle (the path may change in between), and reads stop at a byte limit.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** Opening a FIFO with this flag returns at once instead of waiting for a writer (0 where the OS has none). */
export const openReadNonBlocking = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** What the file is when it is not a regular file ("a FIFO (named pipe)", "a directory", ...), else undefined. */
export function notRegularFile(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

export type TextFileRead =
  | { ok: true; text: string; size: number; mtimeMs: number }
  /** Over `maxBytes`: refused before any byte was read (`size` is what the file holds). */
  | { ok: false; kind: 'too-large'; size: number; message: string }
  | { ok: false; kind: 'not-regular' | 'unreadable'; message: string };

/**
 * A text file read whole as UTF-8, if it is a regular file of at most `maxBytes` bytes. Never throws, never
 * blocks on a FIFO, and never reads more than `maxBytes` + 1 bytes, even from a file that grows meanwhile.
 */
export function readTextFileLimited(path: string, maxBytes: number): TextFileRead {
  let fd: number;
  try {
    fd = openSync(path, openReadNonBlocking);
  } catch (e) {
    return { ok: false, kind: 'unreadable', message: `${path} cannot be read: ${(e as Error).message}` };
  }
  try {
    const stats = fstatSync(fd);
    const what = notRegularFile(stats);
    if (what) return { ok: false, kind: 'not-regular', message: `${path} is ${what}, not a regular file` };
    if (stats.size > maxBytes) return { ok: false, kind: 'too-large', size: stats.size, message: `${path} is over the size limit` };
    // Read to the end, not to the size fstat gave: a file that grew since is read as it is now, up to the limit.
    const chunks: Buffer[] = [];
    let length = 0;
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes, stats.size) + 1);
    let filled = 0;
    for (;;) {
      const n = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (n === 0) break;
      filled += n;
      length += n;
      if (length > maxBytes) return { ok: false, kind: 'too-large', size: length, message: `${path} is over the size limit` };
      if (filled === buffer.length) {
        chunks.push(buffer);
        buffer = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - length));
        filled = 0;
      }
    }
    chunks.push(buffer.subarray(0, filled));
    const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length)).toString('utf8');
    return { ok: true, text, size: length, mtimeMs: stats.mtimeMs };
  } catch (e) {
    return { ok: false, kind: 'unreadable', message: `${path} cannot be read: ${(e as Error).message}` };
  } finally {
    closeSync(fd);
  }
}
