// Running token workers: one per byte range of a large plain JSON Lines file (cut at line feeds, as example counting
// cuts them), or one for a whole file of another format, so that the language server's thread never spends minutes
// in a tokenizer. Workers alive at once are limited over all counts of the process (a mixture of many large tasks
// shares the cores); a count that finds none free waits for one.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import tokenWorkerSource from 'worker-source:./tokenWorker.ts';
import { abortedError } from '../data/dataError';
import { DataError } from '../data/dataError';
import type { DataFailureKind } from '../data/outcome';
import type { TokenTally } from './recordTokens';
import type { TokenWorkerMessage, TokenWorkerTask } from './tokenWorkerProtocol';

/** At most this many token workers run at once in the process. */
export const maxTokenWorkers = Math.max(1, availableParallelism());

let running = 0;
const waiting: (() => void)[] = [];

async function acquire(signal: AbortSignal | undefined): Promise<void> {
  if (running < maxTokenWorkers) {
    running++;
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const start = (): void => {
      signal?.removeEventListener('abort', onAbort);
      running++;
      resolve();
    };
    const onAbort = (): void => {
      const at = waiting.indexOf(start);
      if (at >= 0) waiting.splice(at, 1);
      reject(abortedError());
    };
    waiting.push(start);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function release(): void {
  running--;
  waiting.shift()?.();
}

/**
 * Counts `task` on a worker thread. `onBytes` gets the bytes the worker has read so far. Rejects with a DataError
 * (the data's own problem, or `aborted`) or an Error (the worker failed); the worker has ended when this settles.
 */
export async function runTokenWorker(task: TokenWorkerTask, onBytes: (bytes: number) => void, signal?: AbortSignal): Promise<TokenTally> {
  await acquire(signal);
  try {
    if (signal?.aborted) throw abortedError();
    const worker = new Worker(tokenWorkerSource, { eval: true, workerData: task });
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    try {
      return await new Promise<TokenTally>((resolve, reject) => {
        const onAbort = (): void => reject(abortedError());
        signal?.addEventListener('abort', onAbort, { once: true });
        const settle = (): void => signal?.removeEventListener('abort', onAbort);
        worker.on('message', (message: TokenWorkerMessage) => {
          if (message.type === 'progress') onBytes(message.bytes);
          else if (message.type === 'done') {
            settle();
            resolve(message.tally);
          } else {
            settle();
            reject(message.kind ? new DataError(message.kind as DataFailureKind, message.message) : new Error(`a token worker failed: ${message.message}`));
          }
        });
        worker.once('error', (error) => {
          settle();
          reject(new Error(`a token worker failed: ${error.message}`));
        });
        worker.once('exit', (code) => {
          settle();
          reject(new Error(`a token worker exited with code ${code} before answering`)); // no-op after an answer
        });
      });
    } finally {
      await worker.terminate();
      await exited;
    }
  } finally {
    release();
  }
}
