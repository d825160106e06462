// Runs `taskmix materialize` (the bundled dist/cli.js) in a child process for the "Materialize Mixture..." command:
// the extension host never reads gigabytes itself, and the CLI's own cancellation removes the partial output. No
// `vscode` here, so the tests run it against the real CLI.
import { fork } from 'node:child_process';
import { basename, dirname, join } from 'node:path';
import {
  MaterializeCancelMessage,
  MaterializeCancelledExit,
  parseProgressLine,
  type MaterializeProgressLine,
  type MaterializeReport,
} from '../../contracts/materialize';

export interface MaterializeRequestArgs {
  mixture: string;
  out: string;
  /** Undefined: the mixture's budget. */
  examples?: number;
  seed?: number;
  shards?: number;
  split?: 'train' | 'eval';
  format?: 'jsonl' | 'parquet';
  /** The save dialog already asked about replacing the file. */
  force?: boolean;
}

export type MaterializeOutcome =
  | { status: 'done'; report: MaterializeReport }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

/** The CLI's arguments for a request. */
export function materializeArgs(r: MaterializeRequestArgs): string[] {
  const args = ['materialize', r.mixture, '--out', r.out, '--json', '--progress', 'json'];
  if (r.examples !== undefined) args.push('--examples', String(r.examples));
  if (r.seed !== undefined) args.push('--seed', String(r.seed));
  if (r.shards !== undefined && r.shards > 1) args.push('--shards', String(r.shards));
  if (r.split) args.push('--split', r.split);
  if (r.format) args.push('--format', r.format);
  if (r.force) args.push('--force');
  return args;
}

/** Where the save dialog proposes to write: beside the mixture, `<name>.train.jsonl`. */
export function defaultMaterializePath(mixturePath: string, split: 'train' | 'eval' = 'train', format: 'jsonl' | 'parquet' = 'jsonl'): string {
  const name = basename(mixturePath).replace(/\.mixture\.ya?ml$/i, '').replace(/\.ya?ml$/i, '') || 'mixture';
  return join(dirname(mixturePath), `${name}.${split}.${format}`);
}

/** What the examples box accepts: empty (the budget) or a whole number from 1. */
export function parseExamplesInput(text: string): { examples?: number } | { error: string } {
  const trimmed = text.trim().replace(/[_,]/g, '');
  if (trimmed === '') return {};
  const n = Number(trimmed);
  if (!Number.isInteger(n) || n < 1) return { error: 'A whole number of examples, at least 1 (or empty for the budget).' };
  return { examples: n };
}

/**
 * Runs the CLI at `cliPath`; `onProgress` gets each progress line. Cancelling `signal` asks the CLI to stop (it removes
 * its partial files and exits 130); a CLI that has not exited 10 s later is killed.
 */
export function runMaterialize(
  cliPath: string,
  request: MaterializeRequestArgs,
  onProgress: (line: MaterializeProgressLine) => void,
  signal?: AbortSignal,
): Promise<MaterializeOutcome> {
  return new Promise((resolve) => {
    const child = fork(cliPath, materializeArgs(request), { cwd: dirname(request.mixture), silent: true, execArgv: [] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const progress = parseProgressLine(line);
        if (progress) onProgress(progress);
        else if (line.trim()) stderr += line + '\n';
      }
    });
    const cancel = (): void => {
      if (child.connected) child.send(MaterializeCancelMessage);
      else child.kill('SIGINT');
      killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    };
    if (signal?.aborted) cancel();
    else signal?.addEventListener('abort', cancel, { once: true });
    child.on('error', (error) => {
      signal?.removeEventListener('abort', cancel);
      resolve({ status: 'failed', message: `taskmix materialize could not start: ${error.message}` });
    });
    child.on('close', (code) => {
      if (killTimer) clearTimeout(killTimer);
      signal?.removeEventListener('abort', cancel);
      if (pending.trim() && !parseProgressLine(pending)) stderr += pending;
      if (code === 0) {
        try {
          resolve({ status: 'done', report: JSON.parse(stdout) as MaterializeReport });
        } catch {
          resolve({ status: 'failed', message: `taskmix materialize printed no report: ${stdout.slice(0, 200)}` });
        }
      } else if (code === MaterializeCancelledExit || signal?.aborted) resolve({ status: 'cancelled' });
      else resolve({ status: 'failed', message: stderr.trim() || `taskmix materialize exited with code ${code}` });
    });
  });
}
