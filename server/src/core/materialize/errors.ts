// The one error materializing throws: what went wrong, where (a data file and its line, or row for parquet; or an
// output file), and whether the run was cancelled. The CLI prints it as `file:line:column: message`.

export type MaterializeErrorKind =
  /** A data file: unreadable, changed, or a drawn record that is malformed or lacks a field. */
  | 'data'
  /** The mixture or the request: a drawn task without data, an output that exists, ... */
  | 'input'
  /** Writing the output (or its spill files) failed: a full disk, a missing folder, permissions. */
  | 'output'
  | 'cancelled';

export interface ErrorLocation {
  file?: string;
  /** 1-based line of a text data file. */
  line?: number;
  /** 1-based byte column on that line. */
  column?: number;
  /** 1-based row of a parquet file. */
  row?: number;
}

export class MaterializeError extends Error {
  constructor(
    readonly kind: MaterializeErrorKind,
    message: string,
    readonly where: ErrorLocation = {},
  ) {
    super(message);
  }
}

export function cancelledError(): MaterializeError {
  return new MaterializeError('cancelled', 'cancelled; the partial output was removed');
}
