// What a training engine will really draw from a mixture (`taskmix simulate`, hover, hints, the Balance Preview):
// the mixture's own probabilities are the weights TaskMix's exports write for that engine, and each engine turns
// them into samples its own way (see each module's header for the file it follows).
import type { EngineName } from '../../schema';
import type { RatesResult } from '../../rates/types';
import { interleaveDraws, expectedInterleave, type StoppingStrategy } from './hfInterleave';
import { megatronBlendCounts, normalizeWeights } from './megatronBlend';
import { mosaicEpoch } from './mosaicStreams';
import { olmoSourceMixture } from './olmoMixture';

export interface EngineSource {
  name: string;
  data?: string;
  /** The mixture's probability: the weight the export writes. */
  weight: number;
  /** Examples available; NaN when unknown. */
  examples: number;
  /** Training tokens; null or absent when unknown. */
  tokens?: number | null;
}

export interface SimulateOptions {
  /** Samples the run takes (OLMo-core: tokens requested); null: the engine's own default where it has one. */
  samples: number | null;
  seed?: number;
  /** hf / llamafactory: interleave_datasets' stopping strategy (default first_exhausted, the library's). */
  stoppingStrategy?: StoppingStrategy;
  /** OLMo-core's max_repetition_ratio for every source (default 1). */
  repetitionFactor?: number;
  /** Draw-by-draw simulations longer than this fall back to expectations (the note says so). */
  maxDraws?: number;
  /** Megatron blends longer than this many steps (samples x datasets) give expectations instead (the editor's limit). */
  maxBlendSteps?: number;
}

export interface EngineTaskSimulation {
  name: string;
  data: string | null;
  weight: number;
  /** Samples (OLMo-core: tokens) the engine takes from the task; null when it cannot be known. */
  drawn: number | null;
  /** drawn / available; null when the size is unknown. */
  epochs: number | null;
}

/** Exactly what `taskmix simulate --json` prints. */
export interface EngineSimulation {
  engine: EngineName;
  samples: number | null;
  tasks: EngineTaskSimulation[];
  notes: string[];
  /** hf: the interleaved dataset's length and the source that ended it (index into tasks). */
  runLength?: number;
  endedBy?: number;
}

export const DEFAULT_MAX_DRAWS = 20_000_000;

/** The sources of a rates result, in its order. */
export function engineSources(rates: RatesResult): EngineSource[] {
  return rates.tasks.map((t) => ({ name: t.name, ...(t.data !== undefined ? { data: t.data } : {}), weight: t.rate, examples: t.examples, tokens: t.tokens ?? null }));
}

function epochsOf(drawn: number | null, available: number): number | null {
  return drawn === null || !(available > 0) ? null : drawn / available;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? x.toLocaleString('en-US') : x.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

export function simulateEngine(engine: EngineName, sources: readonly EngineSource[], options: SimulateOptions): EngineSimulation {
  const out: EngineSimulation = { engine, samples: options.samples, tasks: [], notes: [] };
  const row = (s: EngineSource, drawn: number | null, available = s.examples): EngineTaskSimulation => ({
    name: s.name,
    data: s.data ?? null,
    weight: s.weight,
    drawn,
    epochs: epochsOf(drawn, available),
  });
  const maxDraws = options.maxDraws ?? DEFAULT_MAX_DRAWS;
  switch (engine) {
    case 'megatron':
    case 'nemo': {
      const zero = sources.filter((s) => !(s.weight > 0));
      if (zero.length) out.notes.push(`Megatron asserts every weight > 0 (blended_dataset.py): ${zero.map((s) => s.name).join(', ')} would stop it; TaskMix's export leaves them out.`);
      const kept = sources.filter((s) => s.weight > 0);
      if (options.samples === null) {
        out.notes.push('Megatron blends a number of samples: give --samples or a budget.');
        out.tasks = sources.map((s) => row(s, null));
        break;
      }
      const weights = normalizeWeights(kept.map((s) => s.weight));
      // The index is O(samples x datasets); past the limit each count is its expectation, which the index keeps
      // within one sample of (the note says which one this is).
      const exact = options.samples * Math.max(1, kept.length) <= (options.maxBlendSteps ?? Infinity);
      const counts = exact ? megatronBlendCounts(weights, options.samples) : weights.map((w) => w * options.samples!);
      const byName = new Map(kept.map((s, i) => [s.name, counts[i]!]));
      out.tasks = sources.map((s) => row(s, byName.get(s.name) ?? 0));
      out.notes.push(exact ? 'Counts are the blended index build_blending_indices makes (deterministic: no seed).' : 'Expected counts: the blended index keeps each within one sample of them.');
      break;
    }
    case 'hf':
    case 'llamafactory': {
      const strategy = options.stoppingStrategy ?? 'first_exhausted';
      const seed = options.seed ?? 0;
      if (engine === 'llamafactory') {
        out.notes.push(`LLaMA-Factory hands interleave_probs to interleave_datasets (mix_strategy ${strategy === 'first_exhausted' ? 'interleave_under' : 'interleave_over'}); its default mix_strategy, concat, ignores the probabilities.`);
      }
      if (sources.some((s) => !(s.examples >= 0))) {
        out.notes.push('interleave_datasets stops on the sources\' lengths: every task needs its examples.');
        out.tasks = sources.map((s) => row(s, null));
        break;
      }
      const lengths = sources.map((s) => s.examples);
      const probabilities = sources.map((s) => s.weight);
      let run = interleaveDraws(lengths, probabilities, seed, strategy, maxDraws);
      if (run) out.notes.push(`Draws as np.random.default_rng(${seed}) makes them in interleave_datasets (stopping_strategy="${strategy}").`);
      else {
        run = expectedInterleave(lengths, probabilities, strategy);
        if (!run) {
          const zero = sources.filter((s) => !(s.weight > 0)).map((s) => s.name);
          out.notes.push(`With all_exhausted, interleave_datasets never stops: ${zero.join(', ')} has probability 0 and never runs out.`);
          out.tasks = sources.map((s) => row(s, null));
          break;
        }
        out.notes.push(`Over ${fmt(maxDraws)} draws: expected counts (the seeded run would take too long).`);
      }
      out.runLength = run.length;
      out.endedBy = run.endedBy;
      out.tasks = sources.map((s, i) => row(s, run.drawn[i]!));
      const by = sources[run.endedBy]!.name;
      out.notes.push(
        strategy === 'first_exhausted'
          ? `first_exhausted: the run ends when ${by} runs out, after ${fmt(run.length)} examples.`
          : `all_exhausted: the run ends when the last source, ${by}, runs out, after ${fmt(run.length)} examples; the others repeat.`,
      );
      if (options.samples !== null && run.length < options.samples) {
        out.notes.push(`The interleaved dataset has ${fmt(run.length)} examples, ${fmt(options.samples - run.length)} (${((1 - run.length / options.samples) * 100).toFixed(1)}%) short of the ${fmt(options.samples)} samples asked for: the trainer would go over it again.`);
      }
      break;
    }
    case 'mosaic': {
      const known = sources.every((s) => s.examples >= 0);
      if (!known) {
        out.notes.push('streaming counts each stream\'s samples: every task needs its examples.');
        out.tasks = sources.map((s) => row(s, null));
        break;
      }
      const epoch = mosaicEpoch(sources.map((s) => ({ proportion: s.weight })), sources.map((s) => s.examples), options.samples ?? undefined, options.seed ?? 9176);
      out.tasks = sources.map((s, i) => row(s, epoch.choose[i]!));
      out.notes.push(
        epoch.epochSizeGiven
          ? `Samples per stream per epoch of epoch_size ${fmt(epoch.epochSize)} (Stream.apply_weights, shuffle_seed ${options.seed ?? 9176}).`
          : `No epoch_size: streaming makes each epoch as long as all streams together, ${fmt(epoch.epochSize)} samples.`,
      );
      break;
    }
    case 'olmo': {
      const inTokens = sources.every((s) => typeof s.tokens === 'number');
      if (options.samples === null) {
        out.notes.push('OLMo-core mixes a number of requested tokens: give --samples or a budget.');
        out.tasks = sources.map((s) => row(s, null, inTokens ? s.tokens! : s.examples));
        break;
      }
      const available = sources.map((s) => (inTokens ? s.tokens! : s.examples));
      const outcome = olmoSourceMixture(sources.map((s, i) => ({ available: available[i]!, targetRatio: s.weight, ...(options.repetitionFactor !== undefined ? { repetitionFactor: options.repetitionFactor } : {}) })), options.samples);
      out.tasks = sources.map((s, i) => row(s, outcome[i]!.needed, available[i]!));
      out.notes.push(inTokens ? `Tokens: ${fmt(options.samples)} requested, each source's target_ratio of them.` : 'Some task has no token count: the figures count examples instead of tokens.');
      const rf = options.repetitionFactor ?? 1;
      for (const [i, o] of outcome.entries()) {
        if (o.insufficient) out.notes.push(`${sources[i]!.name} needs ${fmt(o.needed)} but has ${fmt(available[i]!)} × repetition_factor ${rf} = ${fmt(o.max)}: OLMo-core refuses the mixture (Insufficient tokens for source).`);
      }
      break;
    }
    case 'seqio': {
      out.tasks = sources.map((s) => row(s, options.samples === null ? null : options.samples * s.weight));
      out.notes.push('seqio samples each example from task i with probability p_i (sample_from_datasets): the counts are expectations, TaskMix\'s own rates.');
      break;
    }
  }
  return out;
}
