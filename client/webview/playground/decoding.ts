// The decoding settings form: what the user typed (kept as text, so a half-typed number survives a reload) and
// its translation into the runtime's GenerationSettings, checked by the runtime's own rules.
import { resolveSettings, type GenerationSettings } from '../../../t5/settings';

export type DecodingMode = 'greedy' | 'beam' | 'sample';

export interface DecodingForm {
  mode: DecodingMode;
  maxNewTokens: string;
  numBeams: string;
  lengthPenalty: string;
  earlyStopping: boolean;
  temperature: string;
  topK: string;
  topP: string;
  seed: string;
  repetitionPenalty: string;
  noRepeatNgramSize: string;
}

export const DEFAULT_DECODING_FORM: DecodingForm = {
  mode: 'greedy',
  maxNewTokens: '64',
  numBeams: '4',
  lengthPenalty: '1',
  earlyStopping: true,
  temperature: '0.7',
  topK: '50',
  topP: '0.95',
  seed: '0',
  repetitionPenalty: '1',
  noRepeatNgramSize: '0',
};

type NumericField = Exclude<keyof DecodingForm, 'mode' | 'earlyStopping'>;

export const FIELD_LABELS: Record<NumericField, string> = {
  maxNewTokens: 'Max new tokens',
  numBeams: 'Beams',
  lengthPenalty: 'Length penalty',
  temperature: 'Temperature',
  topK: 'Top-k',
  topP: 'Top-p',
  seed: 'Seed',
  repetitionPenalty: 'Repetition penalty',
  noRepeatNgramSize: 'No-repeat n-gram size',
};

/** Which fields each mode uses (the others are hidden, and ignored). */
export const MODE_FIELDS: Record<DecodingMode, NumericField[]> = {
  greedy: ['maxNewTokens', 'repetitionPenalty', 'noRepeatNgramSize'],
  beam: ['maxNewTokens', 'numBeams', 'lengthPenalty', 'repetitionPenalty', 'noRepeatNgramSize'],
  sample: ['maxNewTokens', 'temperature', 'topK', 'topP', 'seed', 'repetitionPenalty', 'noRepeatNgramSize'],
};

/** A saved form merged over the defaults, field by field (anything of the wrong type is dropped). */
export function restoreDecodingForm(saved: unknown): DecodingForm {
  const form = { ...DEFAULT_DECODING_FORM };
  if (typeof saved !== 'object' || saved === null) return form;
  const s = saved as Record<string, unknown>;
  if (s.mode === 'greedy' || s.mode === 'beam' || s.mode === 'sample') form.mode = s.mode;
  if (typeof s.earlyStopping === 'boolean') form.earlyStopping = s.earlyStopping;
  for (const k of Object.keys(FIELD_LABELS) as NumericField[]) if (typeof s[k] === 'string') form[k] = s[k] as string;
  return form;
}

/** The settings for a run, or the first problem in the form, in words. */
export function decodingSettings(form: DecodingForm): { settings: Partial<GenerationSettings> } | { error: string } {
  const numbers: Partial<Record<NumericField, number>> = {};
  for (const k of MODE_FIELDS[form.mode]) {
    const text = form[k].trim();
    const n = Number(text);
    if (text === '' || !Number.isFinite(n)) return { error: `${FIELD_LABELS[k]}: "${form[k]}" is not a number.` };
    numbers[k] = n;
  }
  const settings: Partial<GenerationSettings> = {
    maxNewTokens: numbers.maxNewTokens,
    repetitionPenalty: numbers.repetitionPenalty,
    noRepeatNgramSize: numbers.noRepeatNgramSize,
  };
  if (form.mode === 'beam') Object.assign(settings, { numBeams: numbers.numBeams, lengthPenalty: numbers.lengthPenalty, earlyStopping: form.earlyStopping });
  if (form.mode === 'sample') Object.assign(settings, { doSample: true, temperature: numbers.temperature, topK: numbers.topK, topP: numbers.topP, seed: numbers.seed });
  try {
    resolveSettings(settings);
  } catch (e) {
    return { error: (e as Error).message };
  }
  return { settings };
}

/** A one-line description of the settings, for the history. */
export function describeDecoding(form: DecodingForm): string {
  switch (form.mode) {
    case 'greedy':
      return `greedy, ${form.maxNewTokens} max`;
    case 'beam':
      return `beam ${form.numBeams}, lp ${form.lengthPenalty}${form.earlyStopping ? ', early stop' : ''}, ${form.maxNewTokens} max`;
    case 'sample':
      return `sample T=${form.temperature} k=${form.topK} p=${form.topP} seed ${form.seed}, ${form.maxNewTokens} max`;
  }
}
