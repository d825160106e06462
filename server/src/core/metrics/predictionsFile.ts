// The predictions file: JSON Lines, one `{"prediction": ...}` or `{"id": ..., "prediction": ...}` per line.
import { EvalDataError } from './scoreExamples';
import { pythonScalarText } from './pythonValues';

export interface PredictionLine {
  /** 1-based line in the predictions file. */
  line: number;
  prediction: string;
  /** The `id`, as text (numbers as Python prints them); absent when the line has none. */
  id?: string;
}

/** Parses every non-blank line; a malformed line is an EvalDataError at that line. */
export function parsePredictions(text: string): PredictionLine[] {
  const out: PredictionLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(i === 0 ? raw.replace(/^\uFEFF/, '') : raw);
    } catch (error) {
      throw new EvalDataError(`not valid JSON (${(error as Error).message}); each line must be {"prediction": "..."} or {"id": ..., "prediction": "..."}`, line, true);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new EvalDataError('each line must be a JSON object like {"prediction": "..."}', line, true);
    }
    const record = value as Record<string, unknown>;
    if (!Object.prototype.hasOwnProperty.call(record, 'prediction')) {
      throw new EvalDataError(`the object has no "prediction" key (its keys: ${Object.keys(record).join(', ') || 'none'})`, line, true);
    }
    const prediction = pythonScalarText(record.prediction);
    if (prediction === undefined) {
      throw new EvalDataError(`"prediction" must be a string (or a number or boolean), not ${describe(record.prediction)}`, line, true);
    }
    const entry: PredictionLine = { line, prediction };
    if (Object.prototype.hasOwnProperty.call(record, 'id')) {
      const id = typeof record.id === 'string' || typeof record.id === 'number' ? pythonScalarText(record.id) : undefined;
      if (id === undefined) throw new EvalDataError(`"id" must be a string or a number, not ${describe(record.id)}`, line, true);
      entry.id = id;
    }
    out.push(entry);
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
