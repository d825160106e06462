// config.json (+ generation_config.json) of a T5 export: the numbers the generation loop needs, checked.
import { T5ModelError } from './errors';

export interface T5Config {
  dModel: number;
  dKv: number;
  numHeads: number;
  numDecoderLayers: number;
  vocabSize: number;
  padTokenId: number;
  eosTokenIds: number[];
  decoderStartTokenId: number;
  /** Defaults from generation_config.json (max_new_tokens / max_length, num_beams, ...), when present. */
  generationDefaults: Record<string, unknown>;
}

export function parseJson(text: string, file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new T5ModelError('BAD_JSON', `not valid JSON (${(e as Error).message})`, file);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new T5ModelError('BAD_JSON', 'expected a JSON object', file);
  return value as Record<string, unknown>;
}

function positiveInt(obj: Record<string, unknown>, key: string, file: string, fallback?: number): number {
  const v = obj[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new T5ModelError('BAD_CONFIG', `"${key}" must be a non-negative integer, got ${JSON.stringify(obj[key])}`, file);
  }
  return v;
}

export function parseT5Config(configText: string, generationConfigText?: string): T5Config {
  const file = 'config.json';
  const c = parseJson(configText, file);
  if (c['model_type'] !== undefined && c['model_type'] !== 't5') {
    throw new T5ModelError('BAD_CONFIG', `"model_type" is ${JSON.stringify(c['model_type'])}; this runtime runs T5 models`, file);
  }
  const gen = generationConfigText === undefined ? {} : parseJson(generationConfigText, 'generation_config.json');
  const numLayers = positiveInt(c, 'num_layers', file);
  const eos = gen['eos_token_id'] ?? c['eos_token_id'] ?? 1;
  const eosTokenIds = Array.isArray(eos) ? eos : [eos];
  if (!eosTokenIds.every((x) => typeof x === 'number' && Number.isInteger(x))) {
    throw new T5ModelError('BAD_CONFIG', `"eos_token_id" must be an integer or a list of integers`, file);
  }
  const config: T5Config = {
    dModel: positiveInt(c, 'd_model', file),
    dKv: positiveInt(c, 'd_kv', file),
    numHeads: positiveInt(c, 'num_heads', file),
    numDecoderLayers: positiveInt(c, 'num_decoder_layers', file, numLayers),
    vocabSize: positiveInt(c, 'vocab_size', file),
    padTokenId: positiveInt(c, 'pad_token_id', file, 0),
    eosTokenIds: eosTokenIds as number[],
    decoderStartTokenId: positiveInt({ ...c, ...gen }, 'decoder_start_token_id', file, 0),
    generationDefaults: gen,
  };
  for (const key of ['dModel', 'dKv', 'numHeads', 'vocabSize'] as const) {
    if (config[key] === 0) throw new T5ModelError('BAD_CONFIG', `${key} must be positive`, file);
  }
  return config;
}
