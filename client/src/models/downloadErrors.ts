// Every failure of a model download has a stable code and, where it is about one file, names it.

export type DownloadErrorCode =
  /** The model id or revision is not a hub's (checked before anything is fetched or written). */
  | 'BAD_ID'
  | 'OFFLINE'
  | 'NOT_FOUND'
  | 'HTTP'
  | 'BAD_LISTING'
  | 'SIZE_MISMATCH'
  | 'HASH_MISMATCH'
  | 'INTERRUPTED'
  | 'CANCELLED'
  | 'DISK';

export class ModelDownloadError extends Error {
  constructor(readonly code: DownloadErrorCode, message: string, readonly file?: string) {
    super(file ? `${file}: ${message}` : message);
    this.name = 'ModelDownloadError';
  }
}
