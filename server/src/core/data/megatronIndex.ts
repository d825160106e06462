// A Megatron-LM source (`PREFIX.bin` + `PREFIX.idx`) counted from its index alone: the header says how many
// sequences and documents there are, and the sequence lengths that follow it sum to the tokens. The layout is
// Megatron-LM's megatron/core/datasets/indexed_dataset.py (commit d98e8a64ddf34856e74b24714e3bedb2f5a39553,
// `_IndexWriter.write` / `_IndexReader.__init__`), all little-endian:
//   9 bytes  magic b"MMIDIDX\x00\x00"
//   u64      version (1)
//   u8       dtype code of the .bin tokens (DType: 1 uint8, 2 int8, 3 int16, 4 int32, 5 int64, 6 float64, 7 float32, 8 uint16)
//   u64      sequence_count
//   u64      document_count: entries of document_indices, which start with 0, so documents = document_count - 1
//   int32    sequence_lengths[sequence_count]   (tokens per sequence)
//   int64    sequence_pointers[sequence_count]  (byte offsets into the .bin)
//   int64    document_indices[document_count]
//   int8     sequence_modes[sequence_count]     (multimodal datasets only)
import { open } from 'node:fs/promises';

export const MEGATRON_INDEX_MAGIC = Buffer.from('MMIDIDX\x00\x00', 'latin1');
const HEADER_BYTES = 34;

/** Bytes per token of each DType code. */
export const MEGATRON_DTYPE_BYTES: Readonly<Record<number, number>> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 8, 7: 4, 8: 2 };

export interface MegatronIndexCounts {
  sequences: number;
  documents: number;
  tokens: number;
  /** The dtype code of the .bin file and its bytes per token. */
  dtype: number;
  tokenBytes: number;
  /** The index carries a mode per sequence (a multimodal dataset). */
  multimodal: boolean;
}

/** An .idx file that is not a Megatron index, or is cut short; the message says which. */
export class MegatronIndexError extends Error {
  override readonly name = 'MegatronIndexError';
}

/** The `.idx` of a Megatron prefix, whether the prefix was written with or without an extension. */
export function megatronIndexPath(prefix: string): string {
  return prefix.endsWith('.idx') ? prefix : `${prefix.replace(/\.bin$/, '')}.idx`;
}

/** Reads the counts of an .idx file, streaming the sequence lengths (an index may hold hundreds of millions). */
export async function readMegatronIndex(path: string): Promise<MegatronIndexCounts> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const header = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(header, 0, HEADER_BYTES, 0);
    if (bytesRead < MEGATRON_INDEX_MAGIC.length || !header.subarray(0, MEGATRON_INDEX_MAGIC.length).equals(MEGATRON_INDEX_MAGIC)) {
      throw new MegatronIndexError(`${path} is not a Megatron index: it does not start with MMIDIDX`);
    }
    if (bytesRead < HEADER_BYTES) throw new MegatronIndexError(`${path} is cut short: its header has ${bytesRead} of ${HEADER_BYTES} bytes`);
    const version = header.readBigUInt64LE(9);
    if (version !== 1n) throw new MegatronIndexError(`${path} has index version ${version}; Megatron writes version 1`);
    const dtype = header.readUInt8(17);
    const tokenBytes = MEGATRON_DTYPE_BYTES[dtype];
    if (tokenBytes === undefined) throw new MegatronIndexError(`${path} names token dtype code ${dtype}, which Megatron does not define (1 to 8)`);
    const sequences = safeCount(header.readBigUInt64LE(18), path, 'sequence_count');
    const documentEntries = safeCount(header.readBigUInt64LE(26), path, 'document_count');
    const plain = HEADER_BYTES + 12 * sequences + 8 * documentEntries;
    const multimodal = size === plain + sequences && sequences > 0;
    if (size !== plain && !multimodal) {
      throw new MegatronIndexError(`${path} has ${size} bytes, but its header (${sequences} sequences, ${documentEntries} document indices) needs ${plain}: the file is cut short or not an index`);
    }
    let tokens = 0;
    const chunk = Buffer.alloc(1 << 20);
    let left = sequences * 4;
    let at = HEADER_BYTES;
    while (left > 0) {
      const want = Math.min(chunk.length, left);
      const { bytesRead: got } = await handle.read(chunk, 0, want, at);
      if (got !== want) throw new MegatronIndexError(`${path} ended while reading its sequence lengths`);
      for (let i = 0; i < got; i += 4) {
        const length = chunk.readInt32LE(i);
        if (length < 0) throw new MegatronIndexError(`${path} has a negative sequence length at sequence ${(at - HEADER_BYTES + i) / 4}`);
        tokens += length;
      }
      left -= got;
      at += got;
    }
    return { sequences, documents: Math.max(0, documentEntries - 1), tokens, dtype, tokenBytes, multimodal };
  } finally {
    await handle.close();
  }
}

function safeCount(value: bigint, path: string, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new MegatronIndexError(`${path} has ${what} ${value}, past what can be counted`);
  return Number(value);
}
