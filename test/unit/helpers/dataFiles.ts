// Test data files written at test time into one temporary folder per test file, removed at the end.
import assert from 'node:assert/strict';
import type { CountOutcome, CountSuccess, DataFailure } from '../../../server/src/core/data';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after } from 'node:test';
import { execFileSync, spawn } from 'node:child_process';

export const fixturesDir = resolve(__dirname, '../../../test/fixtures/data');

export function fixture(name: string): string {
  return join(fixturesDir, name);
}

/** A temporary folder removed after the calling test file finishes; `file` writes into it. */
export function tempFiles(): { dir: string; file: (name: string, content: string | Buffer) => string; gz: (name: string, content: string | Buffer) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-data-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const gz = (name: string, content: string | Buffer): string => file(name, gzipSync(content));
  return { dir, file, gz };
}

/** The outcome, asserted to be a success (the message shows what came instead). */
export function ok(outcome: CountOutcome): CountSuccess {
  assert.ok(outcome.ok, `expected success, got ${JSON.stringify(outcome)}`);
  return outcome;
}

/** The outcome, asserted to be a failure. */
export function failed(outcome: CountOutcome): DataFailure {
  assert.ok(!outcome.ok, `expected a failure, got ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome;
}

/**
 * Makes a FIFO at `path`. Code under test must refuse it unread; if it opens it for reading instead (a regression),
 * a writer comes after `releaseMs`, writes a byte and closes it, so that the read ends and the test fails rather
 * than hangs. Returns the function that ends the writer (call it when done).
 */
export function makeFifo(path: string, releaseMs = 10_000): () => void {
  execFileSync('mkfifo', [path]);
  const writer = spawn('sh', ['-c', `sleep ${releaseMs / 1000}; exec printf x > "$0"`, path], { stdio: 'ignore' });
  writer.unref();
  return () => {
    writer.kill('SIGKILL');
  };
}
