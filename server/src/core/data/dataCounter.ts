// A cache over countExamples for the editor, where every keystroke re-validates: a file is counted again only
// when its size or modification time changed, and concurrent requests for one file share one count.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CountOutcome, DataFailure } from './outcome';
import { abortedError, toFailure } from './dataError';
import { checkFields, countFile, defaultSampleRecords, type CountedFile, type CountOptions } from './countExamples';

interface Entry {
  path: string;
  size: number;
  mtimeMs: number;
  result: Promise<CountedFile | DataFailure>;
  settled: boolean;
  /** Callers still waiting; when the last of them gives up, the count itself is cancelled. */
  waiters: number;
  controller: AbortController;
}

export class DataCounter {
  private readonly entries = new Map<string, Entry>();

  /** As countExamples, from the cache while the file is unchanged. Never throws. */
  async count(path: string, options: CountOptions = {}): Promise<CountOutcome> {
    const { signal } = options;
    if (signal?.aborted) return abortedError().toFailure();
    const absolute = resolve(path);
    let size: number;
    let mtimeMs: number;
    try {
      ({ size, mtimeMs } = await stat(absolute));
    } catch (error) {
      this.invalidate(absolute);
      return toFailure(error, absolute);
    }
    const key = `${absolute}\0${options.maxBytes ?? ''}\0${options.sampleRecords ?? defaultSampleRecords}\0${options.recordStarts ? 'starts' : ''}`;
    let entry = this.entries.get(key);
    if (!entry || entry.size !== size || entry.mtimeMs !== mtimeMs) {
      entry = this.start(key, absolute, size, mtimeMs, options);
    }
    const counted = await this.wait(key, entry, signal);
    return 'ok' in counted ? counted : checkFields(counted, options.fields);
  }

  /** Forgets every count of the file, so the next request reads it again. */
  invalidate(path: string): void {
    const absolute = resolve(path);
    for (const [key, entry] of this.entries) {
      if (entry.path === absolute) this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  private start(key: string, path: string, size: number, mtimeMs: number, options: CountOptions): Entry {
    const controller = new AbortController();
    const entry: Entry = {
      path,
      size,
      mtimeMs,
      settled: false,
      waiters: 0,
      controller,
      result: countFile(path, {
        ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
        sampleRecords: options.sampleRecords ?? defaultSampleRecords,
        signal: controller.signal,
        ...(options.recordStarts ? { recordStarts: true } : {}),
      }),
    };
    void entry.result.then((result) => {
      entry.settled = true;
      if ('ok' in result && result.kind === 'aborted' && this.entries.get(key) === entry) this.entries.delete(key);
    });
    this.entries.set(key, entry);
    return entry;
  }

  private async wait(key: string, entry: Entry, signal: AbortSignal | undefined): Promise<CountedFile | DataFailure> {
    entry.waiters++;
    try {
      const result = await (signal ? untilAborted(entry.result, signal) : entry.result);
      if ('ok' in result && result.kind === 'aborted' && !entry.settled && entry.waiters === 1) {
        entry.controller.abort();
        if (this.entries.get(key) === entry) this.entries.delete(key);
      }
      return result;
    } finally {
      entry.waiters--;
    }
  }
}

/** The result, or an `aborted` failure as soon as the signal fires (the work itself goes on). */
function untilAborted<T>(result: Promise<T>, signal: AbortSignal): Promise<T | DataFailure> {
  if (signal.aborted) return Promise.resolve(abortedError().toFailure());
  return new Promise((resolveResult, rejectResult) => {
    const onAbort = () => resolveResult(abortedError().toFailure());
    signal.addEventListener('abort', onAbort, { once: true });
    result.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolveResult(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        rejectResult(error);
      },
    );
  });
}
