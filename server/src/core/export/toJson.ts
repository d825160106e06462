// The rates as JSON, with the sampling configuration that produced them and where they came from.

import { generatedBy, type ExportInput } from './exportInput';

export function toJson(input: ExportInput): string {
  const s = input.sampling;
  const sampling: Record<string, unknown> = { strategy: s.strategy };
  if (s.temperature !== undefined) sampling.temperature = s.temperature;
  if (s.cap !== undefined && s.cap > 0) sampling.cap = s.cap;
  if (s.defaultRate !== undefined) sampling.default_rate = s.defaultRate;
  if (s.maxEpochs !== undefined) sampling.max_epochs = s.maxEpochs;
  // The size the strategy read; each task's `rate` is a probability of drawing an example either way, `token_share`
  // its share of the training tokens.
  sampling.unit = s.unit ?? 'examples';
  sampling.examples_drawn = input.result.examples_drawn;
  const body = { generated_by: generatedBy('json', input), ...input.result, sampling };
  return JSON.stringify(body, null, 2) + '\n';
}
