// `taskmix materialize` as a process other code runs (the extension's "Materialize Mixture..." command): its progress
// lines on stderr (`--progress json`), its `--json` report on stdout, and how to cancel it. Declared once for both sides.

/** One line on stderr per progress report with `--progress json`. */
export interface MaterializeProgressLine {
  type: 'progress';
  phase: 'counting' | 'reading' | 'writing' | 'done';
  /** Of the whole run, from 0 to 1. */
  fraction: number;
  /** What a person reads, e.g. "reading: 41% of 1,000,000 examples". */
  message: string;
}

/** What `taskmix materialize --json` prints on stdout. */
export interface MaterializeReport {
  mixture: string;
  split: 'train' | 'eval';
  seed: number;
  examples: number;
  format: 'jsonl' | 'parquet';
  tasks: { name: string; records: number; examples: number; epochs: number }[];
  files: { path: string; examples: number; bytes: number }[];
  warnings: string[];
}

/** Sent over the IPC channel of a forked CLI: stop, remove the partial output, exit with `MaterializeCancelledExit`. */
export const MaterializeCancelMessage = 'taskmix:cancel';

/** The exit code of a cancelled run (128 + SIGINT, as shells report an interrupted command). */
export const MaterializeCancelledExit = 130;

/** The progress line on `line`, or undefined for any other stderr output. */
export function parseProgressLine(line: string): MaterializeProgressLine | undefined {
  if (!line.startsWith('{"type":"progress"')) return undefined;
  try {
    const value = JSON.parse(line) as Partial<MaterializeProgressLine>;
    if (typeof value.fraction !== 'number' || typeof value.message !== 'string' || typeof value.phase !== 'string') return undefined;
    return value as MaterializeProgressLine;
  } catch {
    return undefined;
  }
}
