// The .idx reader against files written here byte by byte per Megatron-LM's layout
// (megatron/core/datasets/indexed_dataset.py at d98e8a64ddf34856e74b24714e3bedb2f5a39553, `_IndexWriter.write`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { megatronIndexPath, readMegatronIndex } from '../../server/src/core/data/megatronIndex';

/** An index as Megatron's writer lays it out: magic, version, dtype, counts, lengths, pointers, document indices. */
function indexBytes(opts: { lengths: number[]; documentIndices: number[]; dtype?: number; version?: number; modes?: boolean }): Buffer {
  const parts: Buffer[] = [Buffer.from([0x4d, 0x4d, 0x49, 0x44, 0x49, 0x44, 0x58, 0x00, 0x00])];
  const u64 = (x: number): Buffer => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(x));
    return b;
  };
  parts.push(u64(opts.version ?? 1), Buffer.from([opts.dtype ?? 8]), u64(opts.lengths.length), u64(opts.documentIndices.length));
  const lengths = Buffer.alloc(4 * opts.lengths.length);
  opts.lengths.forEach((l, i) => lengths.writeInt32LE(l, 4 * i));
  const pointers = Buffer.alloc(8 * opts.lengths.length);
  let ptr = 0;
  const size = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 8, 7: 4, 8: 2 }[opts.dtype ?? 8] ?? 1;
  opts.lengths.forEach((l, i) => {
    pointers.writeBigInt64LE(BigInt(ptr), 8 * i);
    ptr += l * size;
  });
  const docs = Buffer.alloc(8 * opts.documentIndices.length);
  opts.documentIndices.forEach((d, i) => docs.writeBigInt64LE(BigInt(d), 8 * i));
  parts.push(lengths, pointers, docs);
  if (opts.modes) parts.push(Buffer.alloc(opts.lengths.length, 1));
  return Buffer.concat(parts);
}

function withDir(body: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taskmix-idx-'));
    try {
      await body(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test('counts sequences, documents and tokens from the header and the lengths', withDir(async (dir) => {
  const file = join(dir, 'corpus_text_document.idx');
  // 5 sequences in 2 documents (document_indices start at 0: [0, 3, 5]), uint16 tokens.
  writeFileSync(file, indexBytes({ lengths: [10, 20, 30, 5, 7], documentIndices: [0, 3, 5] }));
  assert.deepEqual(await readMegatronIndex(file), { sequences: 5, documents: 2, tokens: 72, dtype: 8, tokenBytes: 2, multimodal: false });
  // A prefix with or without an extension names the same index.
  assert.equal(megatronIndexPath(join(dir, 'corpus_text_document')), file);
  assert.equal(megatronIndexPath(join(dir, 'corpus_text_document.bin')), file);
}));

test('multimodal indexes, int32 tokens, and more than one read chunk of lengths', withDir(async (dir) => {
  const mm = join(dir, 'mm.idx');
  writeFileSync(mm, indexBytes({ lengths: [3, 4], documentIndices: [0, 2], dtype: 4, modes: true }));
  assert.deepEqual(await readMegatronIndex(mm), { sequences: 2, documents: 1, tokens: 7, dtype: 4, tokenBytes: 4, multimodal: true });
  const big = join(dir, 'big.idx');
  const lengths = Array.from({ length: 300_000 }, (_, i) => (i % 97) + 1);
  writeFileSync(big, indexBytes({ lengths, documentIndices: [0, 150_000, 300_000] }));
  const counts = await readMegatronIndex(big);
  assert.equal(counts.tokens, lengths.reduce((a, b) => a + b, 0));
  assert.equal(counts.documents, 2);
}));

test('refuses what is not an index, another version, an unknown dtype, a cut file', withDir(async (dir) => {
  const cases: [string, Buffer, RegExp][] = [
    ['text.idx', Buffer.from('{"not": "an index"}'), /not a Megatron index/],
    ['v2.idx', indexBytes({ lengths: [1], documentIndices: [0, 1], version: 2 }), /version 2/],
    ['dtype.idx', indexBytes({ lengths: [1], documentIndices: [0, 1], dtype: 9 }), /dtype code 9/],
    ['cut.idx', indexBytes({ lengths: [1, 2, 3], documentIndices: [0, 3] }).subarray(0, 50), /cut short/],
    ['header.idx', indexBytes({ lengths: [1], documentIndices: [0, 1] }).subarray(0, 20), /header has 20 of 34/],
    ['negative.idx', indexBytes({ lengths: [4, -1], documentIndices: [0, 2] }), /negative sequence length at sequence 1/],
  ];
  for (const [name, bytes, message] of cases) {
    writeFileSync(join(dir, name), bytes);
    await assert.rejects(readMegatronIndex(join(dir, name)), message, name);
  }
}));
