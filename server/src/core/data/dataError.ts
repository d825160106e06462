// Internal: scanners throw DataError where the input is bad; the public entry points turn it into a DataFailure.
import type { DataFailure, DataFailureKind } from './outcome';

export class DataError extends Error {
  constructor(
    readonly kind: DataFailureKind,
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }

  toFailure(): DataFailure {
    const failure: DataFailure = { ok: false, kind: this.kind, message: this.message };
    if (this.line !== undefined) failure.line = this.line;
    if (this.column !== undefined) failure.column = this.column;
    return failure;
  }
}

export function abortedError(): DataError {
  return new DataError('aborted', 'Counting was cancelled.');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError();
}

/** Any thrown value as a DataFailure: DataErrors keep their kind, the rest are read errors. */
export function toFailure(error: unknown, fileLabel: string): DataFailure {
  if (error instanceof DataError) return error.toFailure();
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return fsFailure('missing', `${fileLabel} does not exist: check the path.`);
  if (code === 'EISDIR') return fsFailure('directory', `${fileLabel} is a directory: point to a data file inside it.`);
  if (code === 'EACCES' || code === 'EPERM') {
    return fsFailure('unreadable', `${fileLabel} cannot be read (permission denied): fix its permissions.`);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return fsFailure('unreadable', `${fileLabel} cannot be read: ${detail}`);
}

function fsFailure(kind: DataFailureKind, message: string): DataFailure {
  return { ok: false, kind, message };
}
