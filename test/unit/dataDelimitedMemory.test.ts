// Memory of a large quoted CSV field, measured in a worker whose V8 heap is capped: the scanner keeps a field's
// bytes as Buffer slices (outside the heap) and makes one string of it, so a 12 MB field fits in a 64 MB heap;
// a byte-at-a-time array of numbers (8 bytes per byte) does not, and the worker then dies of heap exhaustion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countExamples } from '../../server/src/core/data';

const FIELD_BYTES = 12 * 1024 * 1024;
const HEAP_MB = 64;

interface Probe {
  path: string;
}

if (isMainThread) {
  test(`a ${FIELD_BYTES >> 20} MB quoted CSV field is read in a ${HEAP_MB} MB heap`, { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taskmix-csv-memory-'));
    try {
      const path = join(dir, 'field.csv');
      const unit = 'ab""c,d\ne\n';
      const repeats = Math.floor(FIELD_BYTES / unit.length);
      writeFileSync(path, `input,target\n"${unit.repeat(repeats)}",1\nx,2\n`);
      const worker = new Worker(__filename, { workerData: { path } satisfies Probe, resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } });
      const answer = await new Promise<{ count: number; length: number; target: string }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`the worker exited (code ${code}) without an answer`)));
      });
      await worker.terminate();
      assert.equal(answer.count, 2);
      assert.equal(answer.length, repeats * 'ab"c,d\ne\n'.length);
      assert.equal(answer.target, '1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
} else {
  const { path } = workerData as Probe;
  void countExamples(path).then((outcome) => {
    assert.ok(outcome.ok, JSON.stringify(outcome).slice(0, 300));
    const record = outcome.records?.[0]?.record as Record<string, string>;
    parentPort!.postMessage({ count: outcome.count, length: record.input.length, target: record.target });
  });
}
