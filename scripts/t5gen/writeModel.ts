// Writes a generated T5 folder in the export layout: config, generation config, tokenizer files, and under onnx/
// the encoder, merged decoder, split decoders, each in fp32 and q8 (`*_quantized.onnx`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configJson, generationConfigJson, PRESETS, type PresetName } from './t5Config';
import { buildDecoder, buildEncoder, buildMergedDecoder } from './t5Graphs';
import { generateWeights, type T5Weights } from './t5Weights';
import { tokenizerConfigJson, tokenizerJson } from './tokenizerFiles';
import type { Q8Scheme } from './weightOps';

export interface WriteOptions {
  preset: PresetName;
  seed: number;
  /** Default: every file. */
  only?: { merged?: boolean; split?: boolean; fp32?: boolean; q8?: boolean };
  q8Scheme?: Q8Scheme;
}

export const ONNX_FILES = ['encoder_model', 'decoder_model_merged', 'decoder_model', 'decoder_with_past_model'] as const;

export function writeT5Model(dir: string, options: WriteOptions): T5Weights {
  const shape = PRESETS[options.preset];
  const weights = generateWeights(shape, options.seed);
  const only = { merged: true, split: true, fp32: true, q8: true, ...options.only };
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  const json = (name: string, value: unknown) => writeFileSync(join(dir, name), JSON.stringify(value, null, 2) + '\n');
  json('config.json', configJson(shape));
  json('generation_config.json', generationConfigJson());
  json('tokenizer.json', tokenizerJson(shape, options.seed));
  json('tokenizer_config.json', tokenizerConfigJson(shape));
  const precisions = [...(only.fp32 ? (['fp32'] as const) : []), ...(only.q8 ? (['q8'] as const) : [])];
  for (const p of precisions) {
    const suffix = p === 'q8' ? '_quantized' : '';
    const write = (name: string, bytes: Uint8Array) => writeFileSync(join(dir, 'onnx', `${name}${suffix}.onnx`), bytes);
    write('encoder_model', buildEncoder(weights, p, options.q8Scheme));
    if (only.merged) write('decoder_model_merged', buildMergedDecoder(weights, p, options.q8Scheme));
    if (only.split) {
      write('decoder_model', buildDecoder(weights, 'plain', p, options.q8Scheme));
      write('decoder_with_past_model', buildDecoder(weights, 'with-past', p, options.q8Scheme));
    }
  }
  return weights;
}
