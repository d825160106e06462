// The hazards of the engine a mixture names (spec 1.1, `engine:`): what that trainer refuses, never draws, or does
// differently from the mixture's own numbers. The static ones need only the file; the others need the rates.
// The numbers come from the engines' own algorithms (core/engines/simulate); each message names the fix.
import { ENGINE_NAMES, type EngineName } from '../schema/mixtureFormat';
import type { Diagnostic, Fix, IncludeEntry, MixtureModel, Range, TaskEntry, TextEdit } from '../types';
import { replaceEdit, setTaskNumberEdit, yamlNumber } from '../edit';
import { expectedInterleave, megatronBlendCounts, mosaicEpoch, normalizeWeights, sumsToOne } from '../engines/simulate';
import { makeDiagnostic } from './diagnosticCodes';
import { suggest } from './didYouMean';
import { budgetExamples } from './rateOutcome';
import { effectiveStrategy } from './topLevelChecks';

/** The engine the file names, when it is one the format knows. */
export function engineOf(model: MixtureModel): EngineName | undefined {
  const v = model.engine?.value;
  return v !== undefined && (ENGINE_NAMES as readonly string[]).includes(v) ? (v as EngineName) : undefined;
}

/** Megatron's loop is O(samples × tasks): past this many steps the editor estimates instead of blending. */
const MAX_BLEND_STEPS = 20_000_000;

function fmt(x: number): string {
  return Number.isInteger(x) ? x.toLocaleString('en-US') : x.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

function anchor(entry: TaskEntry | IncludeEntry): Range {
  return entry.kind === 'task' ? entry.name?.range ?? entry.range : entry.include.range;
}

/** Checks that need only the file: the engine's name, OLMo-core's group sums, MosaicML's epoch size. */
export function checkEngineSettings(model: MixtureModel, text?: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const written = model.engine;
  if (!written) return out;
  const engine = engineOf(model);
  if (!engine) {
    const guess = suggest(written.value, ENGINE_NAMES, { huggingface: 'hf', 'megatron-lm': 'megatron', mosaicml: 'mosaic', streaming: 'mosaic', 'olmo-core': 'olmo', 'llama-factory': 'llamafactory' });
    out.push(
      makeDiagnostic('unknown-engine', written.range, `Unknown engine \`${written.value}\`${guess ? `: did you mean \`${guess}\`?` : '.'} The engine is one of ${ENGINE_NAMES.map((e) => `\`${e}\``).join(', ')}.`, {
        fixes: guess ? [{ title: `Change to \`${guess}\``, edits: [replaceEdit(written.range, guess)], preferred: true }] : [],
      }),
    );
    return out;
  }
  if (engine === 'olmo' && effectiveStrategy(model.sampling) === 'manual') out.push(...olmoGroupSum(model, text));
  if (engine === 'mosaic' && budgetExamples(model) === null && !model.budget?.tokens) {
    out.push(
      makeDiagnostic(
        'engine-needs-epoch-size',
        written.range,
        "MosaicML streaming reads these rates as stream proportions, and without `epoch_size` it makes each epoch as long as all streams together, whatever the proportions. Add a budget (`budget.examples`, or `steps` and `batch_size`): TaskMix's export writes it as `epoch_size`.",
      ),
    );
  }
  return out;
}

/** OLMo-core refuses target ratios that do not sum to 1: the raw rates of this file are what the export writes. */
function olmoGroupSum(model: MixtureModel, text: string | undefined): Diagnostic[] {
  const entries = model.tasks.filter((e): e is TaskEntry | IncludeEntry => e.kind !== 'invalid');
  const fallback = model.sampling?.default_rate?.value;
  const raw = entries.map((e) => e.rate?.value ?? fallback);
  if (entries.length === 0 || raw.some((r) => r === undefined || !Number.isFinite(r))) return [];
  const rates = raw as number[];
  if (sumsToOne(rates)) return [];
  const sum = rates.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) return [];
  const first = entries.find((e) => e.rate) ?? entries[0]!;
  let fixes: Fix[] = [];
  // One fix when every entry writes its own rate: each is divided by the sum (the probabilities stay the same).
  if (text !== undefined && entries.every((e) => e.rate)) {
    const edits: TextEdit[] = entries.map((e) => (e.kind === 'task' ? setTaskNumberEdit(text, e, 'rate', e.rate!.value / sum) : replaceEdit(e.rate!.range, yamlNumber(e.rate!.value / sum))));
    fixes = [{ title: `Divide every rate by ${fmt(sum)} (they sum to 1, the probabilities stay)`, edits, preferred: true }];
  }
  return [
    makeDiagnostic(
      'engine-group-weights-sum',
      first.rate?.range ?? anchor(first),
      `OLMo-core needs the target ratios of a group to sum to 1 (SourceMixtureList.validate), and these rates sum to ${fmt(sum)}: divide each by ${fmt(sum)}.`,
      { fixes },
    ),
  ];
}

/** One task as the rates give it, with the item of this file that brings it in. */
export interface EngineRateTask {
  name: string;
  entry: TaskEntry | IncludeEntry;
  /** p_i. */
  rate: number;
  /** n_i; NaN when unknown. */
  examples: number;
}

/** Deletes a whole `tasks:` item (its lines), when other items stay. */
function removeItemFix(text: string | undefined, model: MixtureModel, entry: TaskEntry | IncludeEntry, name: string): Fix[] {
  if (text === undefined || model.tasks.length < 2) return [];
  const start = text.lastIndexOf('\n', entry.range[0] - 1) + 1;
  const nl = text.indexOf('\n', entry.range[1]);
  const end = nl === -1 ? text.length : nl + 1;
  if (text.slice(start, entry.range[0]).trim() !== '' && text.slice(start, entry.range[0]).trim() !== '-') return [];
  return [{ title: `Remove \`${name}\` from the mixture`, edits: [{ range: [start, end], newText: '' }] }];
}

/** Checks that need the rates: what the named engine refuses or never draws, the run it really makes. */
export function checkEngineRates(model: MixtureModel, text: string | undefined, tasks: readonly EngineRateTask[], S: number | null, maxEpochs: number): Diagnostic[] {
  const engine = engineOf(model);
  if (!engine || tasks.length === 0) return [];
  const out: Diagnostic[] = [];
  // One diagnostic per item and code: a task reached along several paths is reported at its item once.
  const reported = new Set<string>();
  const once = (entry: TaskEntry | IncludeEntry, d: Diagnostic): void => {
    const key = `${entry.range[0]}:${d.code}`;
    if (!reported.has(key)) out.push(d);
    reported.add(key);
  };

  const asserts = engine === 'megatron' || engine === 'nemo';
  const interleaves = engine === 'hf' || engine === 'llamafactory';
  if (asserts || interleaves) {
    for (const t of tasks) {
      if (t.rate > 0) continue;
      const why = asserts
        ? `${engine === 'nemo' ? 'NeMo (Megatron-core)' : 'Megatron'} asserts every blend weight > 0 (blended_dataset.py), so \`${t.name}\` with probability 0 stops the run (TaskMix's export leaves it out)`
        : `with stopping_strategy="all_exhausted" (TaskMix's export) interleave_datasets waits for \`${t.name}\` to run out, and with probability 0 it never does`;
      once(t.entry, makeDiagnostic('engine-zero-weight', anchor(t.entry), `${why[0]!.toUpperCase()}${why.slice(1)}: give it a rate > 0 or remove it.`, { fixes: removeItemFix(text, model, t.entry, t.name) }));
    }
  }

  const live = tasks.filter((t) => t.rate > 0);
  if (asserts && S !== null && S >= 1) {
    const weights = normalizeWeights(live.map((t) => t.rate));
    // Counts only grow with the index, so a blend of its first `prefix` samples settles every source it draws; a
    // source not drawn there is reported only when the prefix is the whole run (a keystroke cannot build 10^9).
    const prefix = Math.min(S, Math.floor(MAX_BLEND_STEPS / Math.max(1, live.length)));
    const counts = megatronBlendCounts(weights, prefix);
    live.forEach((t, i) => {
      if (counts[i]! < 1 && prefix === S) once(t.entry, makeDiagnostic('engine-source-never-drawn', anchor(t.entry), `Megatron's blended index of ${fmt(S)} samples never draws \`${t.name}\` (weight ${t.rate.toPrecision(3)}): raise its rate to at least ${(1 / S).toPrecision(3)} of the mixture, or the budget.`));
    });
  }

  if (interleaves && live.length === tasks.length && tasks.every((t) => t.examples > 0)) {
    const lengths = tasks.map((t) => t.examples);
    const p = tasks.map((t) => t.rate);
    const first = expectedInterleave(lengths, p, 'first_exhausted');
    if (first && S !== null && first.length < S) {
      const by = tasks[first.endedBy]!;
      once(
        by.entry,
        makeDiagnostic(
          'engine-run-cut-short',
          anchor(by.entry),
          `With interleave_datasets' default stopping_strategy="first_exhausted", the run ends when \`${by.name}\` runs out, after about ${fmt(Math.round(first.length))} examples: ${fmt(Math.round(S - first.length))} (${((1 - first.length / S) * 100).toFixed(1)}%) short of the budget's ${fmt(S)}. Pass stopping_strategy="all_exhausted" (TaskMix's export does) or lower \`${by.name}\`'s rate.`,
        ),
      );
    }
    const all = expectedInterleave(lengths, p, 'all_exhausted');
    if (all) {
      const last = tasks[all.endedBy]!;
      tasks.forEach((t, i) => {
        const epochs = all.drawn[i]! / t.examples;
        if (epochs > maxEpochs * (1 + 1e-9)) {
          once(
            t.entry,
            makeDiagnostic(
              'engine-too-many-repeats',
              anchor(t.entry),
              `With stopping_strategy="all_exhausted" (TaskMix's export), \`${t.name}\` repeats about ${epochs.toFixed(1)} times before \`${last.name}\` runs out, more than max_epochs ${fmt(maxEpochs)}: lower its rate, or raise \`${last.name}\`'s.`,
            ),
          );
        }
      });
    }
    // A source the interleaved run is expected to draw less than once.
    const run = first;
    if (run) {
      tasks.forEach((t, i) => {
        if (run.drawn[i]! < 1) once(t.entry, makeDiagnostic('engine-source-never-drawn', anchor(t.entry), `interleave_datasets (first_exhausted) is expected to draw \`${t.name}\` ${run.drawn[i]!.toPrecision(2)} times before \`${tasks[run.endedBy]!.name}\` runs out: raise its rate.`));
      });
    }
  }

  if (engine === 'mosaic' && tasks.every((t) => t.examples >= 0)) {
    const epoch = mosaicEpoch(tasks.map((t) => ({ proportion: t.rate })), tasks.map((t) => t.examples), S ?? undefined);
    tasks.forEach((t, i) => {
      if (epoch.choose[i]! < 1) once(t.entry, makeDiagnostic('engine-source-never-drawn', anchor(t.entry), `MosaicML streaming takes 0 samples of \`${t.name}\` per epoch of ${fmt(epoch.epochSize)} (Stream.apply_weights): raise its rate${S === null ? ' or set a budget (epoch_size)' : ''}.`));
    });
  }
  return out;
}
