// A Megatron blend list, read as megatron/core/datasets/utils.py get_blend_from_list reads it: an odd count, or an
// even count whose every other word is not a number, is prefixes only; otherwise weight, prefix pairs. NeMo's
// `data_prefix` and the per-split JSON go through the same function, so all three share this reader. Where Megatron
// would read a list without complaint but not as its author meant (a weight with no path after it, one word of a
// pair a number and the next not), the list is refused, at the word.
import type { Range } from '../../types';
import { EngineFileError, type ImportedMixture, type ImportNote } from '../model';
import { NameAllocator, nameFromPath } from '../names';
import { pythonFloatValue, weightProblem } from '../numbers';

/** One word of a blend list: its text as written and where it is. A YAML number keeps its value. */
export interface BlendWord {
  text: string;
  range: Range;
  value?: number;
}

export interface BlendSource {
  prefix: string;
  range: Range;
  /** The weight (absent in a list of prefixes only). */
  weight?: number;
  weightRange?: Range;
}

/** A blend as Megatron builds one split from it: weights are normalized; without them, each dataset is weighted by
 *  its length (megatron/core/datasets/blended_megatron_dataset_builder.py: `len(megatron_dataset)`). */
export interface MegatronBlend {
  sources: BlendSource[];
  weighted: boolean;
  /** Where the list is, for complaints about it as a whole. */
  range: Range;
}

function numberOf(w: BlendWord): number | undefined {
  return w.value ?? pythonFloatValue(w.text);
}

/** The blend of a list of words (`what` names it in messages: "--data-path", "data_prefix", ...). */
export function blendFromWords(words: readonly BlendWord[], file: string, what: string, range: Range): MegatronBlend {
  if (words.length === 0) throw new EngineFileError(`${what} is empty: a blend needs at least one prefix`, file, range);
  const first = words[0]!;
  if (words.length % 2 === 1) {
    // Megatron would take every word for a prefix; a list that starts with a number meant pairs and lost a path.
    if (numberOf(first) !== undefined && words.length > 1) {
      const last = words[words.length - 1]!;
      const lastIsNumber = numberOf(last) !== undefined;
      throw new EngineFileError(
        lastIsNumber
          ? `${what}: the weight ${last.text} has no path after it (weights and prefixes come in pairs: w1 p1 w2 p2 ...)`
          : `${what}: ${words.length} words, an odd count that starts with a weight: a weight without a path (weights and prefixes come in pairs: w1 p1 w2 p2 ...)`,
        file,
        last.range,
      );
    }
    return { sources: words.map((w) => ({ prefix: w.text.trim(), range: w.range })), weighted: false, range };
  }
  const weights = words.filter((_, i) => i % 2 === 0);
  const numeric = weights.map(numberOf);
  if (numeric.every((v) => v === undefined)) {
    return { sources: words.map((w) => ({ prefix: w.text.trim(), range: w.range })), weighted: false, range };
  }
  const sources: BlendSource[] = [];
  for (let i = 0; i < words.length; i += 2) {
    const w = words[i]!;
    const p = words[i + 1]!;
    const value = numeric[i / 2];
    if (value === undefined) {
      throw new EngineFileError(
        `${what}: ${JSON.stringify(w.text)} stands where a weight belongs: a non-numeric weight (every other word is a weight: w1 p1 w2 p2 ...; either every weight is a number or none is written)`,
        file,
        w.range,
      );
    }
    const problem = weightProblem(value);
    if (problem) throw new EngineFileError(`${what}: the weight ${w.text} ${problem}; a blend weight is a number >= 0`, file, w.range);
    if (numberOf(p) !== undefined) {
      throw new EngineFileError(`${what}: the weight ${w.text} has no path after it (${p.text} is a number, not a prefix)`, file, w.range);
    }
    sources.push({ prefix: p.text.trim(), range: p.range, weight: value, weightRange: w.range });
  }
  return { sources, weighted: true, range };
}

/** A blend as an imported mixture: weights are manual rates; no weights mean Megatron weighs by dataset length. */
export function blendToMixture(blend: MegatronBlend, name: string, file: string, notes: ImportNote[], comments: string[] = []): ImportedMixture {
  const names = new NameAllocator();
  const entries = blend.sources.map((s, i) => ({
    kind: 'task' as const,
    name: names.take(nameFromPath(s.prefix), `source_${i + 1}`),
    data: s.prefix,
    ...(s.weight !== undefined ? { rate: s.weight } : {}),
    comments: [],
  }));
  for (const s of blend.sources) {
    if (s.weight === 0) notes.push({ severity: 'warning', message: `the weight of ${s.prefix} is 0: it is never drawn`, file, range: s.weightRange ?? s.range });
  }
  if (blend.weighted) return { name, sampling: { strategy: 'manual' }, entries, comments };
  if (blend.sources.length === 1) return { name, sampling: { strategy: 'uniform' }, entries, comments };
  notes.push({
    severity: 'warning',
    message: 'the blend has no weights: Megatron weighs each dataset by its length (its number of samples), so the rates need sizes: add `examples:` to each task',
    file,
    range: blend.range,
  });
  return {
    name,
    sampling: { strategy: 'proportional' },
    entries,
    comments: [...comments, 'No weights: Megatron weighs each dataset by its length (samples); give each task `examples:`.'],
  };
}
