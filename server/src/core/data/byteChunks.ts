// Byte sources for the text readers: a file read in large chunks into one reused buffer, or its gzip
// decompression. Readers consume each chunk before asking for the next and copy what they keep.
import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { DataError, throwIfAborted } from './dataError';
import { notRegularFile, openReadNonBlocking } from './regularFile';

// 1 MiB: large enough that per-chunk overhead vanishes, small enough to stay in the CPU caches.
const chunkSize = 1 << 20;

/** The file's bytes in order, up to byte offset `end` (default: all of it). Only regular files: see regularFile.ts. */
export async function* readFileChunks(path: string, signal?: AbortSignal, end = Infinity): AsyncGenerator<Buffer> {
  const handle = await openRegularFile(path);
  // Two buffers so the next read can run while the caller scans the current chunk.
  const buffers = [Buffer.allocUnsafe(chunkSize), Buffer.allocUnsafe(chunkSize)];
  let which = 0;
  let requested = 0;
  // Sequential reads from the file position: a short read only happens at the end of the file, after which
  // every read returns 0 bytes, so counting requested bytes is enough to stop at `end`.
  const readNext = (buffer: Buffer) => {
    const length = Math.min(chunkSize, end - requested);
    requested += length;
    return length > 0 ? handle.read(buffer, 0, length, null) : Promise.resolve({ bytesRead: 0 });
  };
  let pending = readNext(buffers[0]!);
  try {
    for (;;) {
      throwIfAborted(signal);
      const { bytesRead } = await pending;
      if (bytesRead === 0) return;
      const current = buffers[which]!;
      which ^= 1;
      pending = readNext(buffers[which]!);
      yield current.subarray(0, bytesRead);
    }
  } finally {
    // A caller that stops early leaves one read in flight; let it land before closing.
    await pending.catch(() => undefined);
    await handle.close();
  }
}

/** The decompressed bytes of the file's first `end` bytes (default: all of it). */
export async function* gunzipFileChunks(path: string, signal?: AbortSignal, end = Infinity): AsyncGenerator<Buffer> {
  const handle = await openRegularFile(path);
  // The stream owns the handle from here (autoClose): destroying it closes the file.
  const file = handle.createReadStream({ highWaterMark: chunkSize, ...(Number.isFinite(end) && end > 0 ? { end: end - 1 } : {}) });
  const gunzip = createGunzip({ chunkSize: 1 << 18 });
  file.on('error', (error) => gunzip.destroy(error));
  file.pipe(gunzip);
  try {
    for await (const chunk of gunzip) {
      throwIfAborted(signal);
      yield chunk as Buffer;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new DataError(
        'malformed',
        `The gzip data is truncated or corrupt (${(error as Error).message}): re-create or re-download the file.`,
      );
    }
    throw error;
  } finally {
    file.destroy();
    gunzip.destroy();
  }
}

/** The file opened for reading, checked on the handle to be a regular file (the path may have changed since it was
 *  checked; non-blocking, so a FIFO never blocks the open). Closes it again and throws the data error otherwise. */
async function openRegularFile(path: string): Promise<FileHandle> {
  const handle = await open(path, openReadNonBlocking);
  try {
    const what = notRegularFile(await handle.stat());
    if (what) throw new DataError('unreadable', `${path} is ${what}, not a regular file: point to a data file.`);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

const bom = [0xef, 0xbb, 0xbf];

/** Drops a UTF-8 byte order mark at the very start (Excel writes one into CSV files). */
export async function* withoutBom(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let first = true;
  for await (const chunk of chunks) {
    if (first) {
      first = false;
      if (chunk.length >= 3 && chunk[0] === bom[0] && chunk[1] === bom[1] && chunk[2] === bom[2]) {
        if (chunk.length > 3) yield chunk.subarray(3);
        continue;
      }
    }
    yield chunk;
  }
}

/** Index of `byte` at or after `from` in the chunk, or the chunk's length when there is none. */
export function indexOrEnd(chunk: Buffer, byte: number, from: number): number {
  const at = chunk.indexOf(byte, from);
  return at === -1 ? chunk.length : at;
}
