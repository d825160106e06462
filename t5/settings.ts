// Decoding settings, their defaults, and the checks that give a clear message instead of a strange result.
import { T5ModelError } from './errors';

export interface GenerationSettings {
  maxNewTokens: number;
  /** The end-of-sequence token is masked until this many tokens exist (benchmarks use it for fixed lengths). */
  minNewTokens: number;
  numBeams: number;
  /** Beam scores are sum(logprob) / length ** lengthPenalty. */
  lengthPenalty: number;
  /** Stop beam search as soon as numBeams hypotheses are finished. */
  earlyStopping: boolean;
  doSample: boolean;
  temperature: number;
  /** 0 keeps every token. */
  topK: number;
  /** 1 keeps every token. */
  topP: number;
  seed: number;
  /** 1 disables it. */
  repetitionPenalty: number;
  /** 0 disables it. */
  noRepeatNgramSize: number;
}

export const DEFAULT_SETTINGS: GenerationSettings = {
  maxNewTokens: 32,
  minNewTokens: 0,
  numBeams: 1,
  lengthPenalty: 1,
  earlyStopping: false,
  doSample: false,
  temperature: 1,
  topK: 50,
  topP: 1,
  seed: 0,
  repetitionPenalty: 1,
  noRepeatNgramSize: 0,
};

export function resolveSettings(partial: Partial<GenerationSettings>): GenerationSettings {
  const s = { ...DEFAULT_SETTINGS, ...partial };
  const fail = (message: string): never => {
    throw new T5ModelError('BAD_SETTINGS', message);
  };
  const int = (key: keyof GenerationSettings, min: number) => {
    const v = s[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(`${key} must be an integer >= ${min}, got ${String(v)}`);
  };
  int('maxNewTokens', 1);
  int('minNewTokens', 0);
  int('numBeams', 1);
  int('topK', 0);
  int('noRepeatNgramSize', 0);
  int('seed', 0);
  if (!(s.temperature > 0) || !Number.isFinite(s.temperature)) fail(`temperature must be > 0, got ${s.temperature}`);
  if (!(s.topP > 0 && s.topP <= 1)) fail(`topP must be in (0, 1], got ${s.topP}`);
  if (!(s.repetitionPenalty > 0) || !Number.isFinite(s.repetitionPenalty)) fail(`repetitionPenalty must be > 0, got ${s.repetitionPenalty}`);
  if (!Number.isFinite(s.lengthPenalty)) fail(`lengthPenalty must be a number, got ${s.lengthPenalty}`);
  if (s.doSample && s.numBeams > 1) fail('sampling with numBeams > 1 (beam sampling) is not supported: use one or the other');
  return s;
}
