// A token worker's whole program (bundled into a string by esbuild's worker-source plugin, run with
// `new Worker(source, { eval: true })`): builds the tokenizer from the text it is given, counts the tokens of its
// part of a data file with the same code as the main thread (recordTokens.ts), reports progress, then its tally.
import { parentPort, workerData } from 'node:worker_threads';
import { tallyTokens, tokenCounterOf } from './recordTokens';
import { buildTokenizer } from './tokenizerFile';
import type { TokenWorkerMessage, TokenWorkerTask } from './tokenWorkerProtocol';

const task = workerData as TokenWorkerTask;
const post = (message: TokenWorkerMessage): void => parentPort!.postMessage(message);

async function main(): Promise<void> {
  const count = tokenCounterOf(buildTokenizer(task.tokenizerJson, task.tokenizerConfig));
  let reported = 0;
  const tally = await tallyTokens(task.source, task.fields, task.prefix, count, {
    ...(task.maxRecords !== undefined ? { maxRecords: task.maxRecords } : {}),
    // Every 4 MiB or so: progress is for a person watching, not a log.
    onBytes: (bytes) => {
      if (bytes - reported < 4 << 20) return;
      reported = bytes;
      post({ type: 'progress', bytes });
    },
  });
  post({ type: 'done', tally });
}

main().catch((error: unknown) => {
  const e = error as { message?: unknown; kind?: unknown };
  post({ type: 'error', message: typeof e?.message === 'string' ? e.message : String(error), ...(typeof e?.kind === 'string' ? { kind: e.kind } : {}) });
});
