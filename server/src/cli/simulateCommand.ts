// `taskmix simulate FILE --engine NAME`: what a training engine will really draw from the mixture (spec 1.1), per
// task, with the engine's own algorithm (core/engines/simulate); the mixture's probabilities are the weights.
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { MixtureProject } from '../core/analyze';
import { engineSources, simulateEngine, STOPPING_STRATEGIES, type EngineSimulation, type StoppingStrategy } from '../core/engines/simulate';
import { LineIndex } from '../core/lineIndex';
import { ENGINE_NAMES, type EngineName } from '../core/schema';
import { engineOf } from '../core/validate';
import { flagBool, flagNumber, flagString, parseArgs, UsageError } from './args';
import { formatNumber, renderTable } from './table';

export interface SimulateCommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

const FLAGS = {
  engine: { type: 'string', choices: ENGINE_NAMES },
  samples: { type: 'number' },
  seed: { type: 'number' },
  'stopping-strategy': { type: 'string', choices: STOPPING_STRATEGIES },
  'repetition-factor': { type: 'number' },
  json: { type: 'boolean' },
} as const;

export const SIMULATE_USAGE =
  'taskmix simulate FILE [--engine megatron|nemo|olmo|mosaic|hf|llamafactory|seqio] [--samples N] [--seed S] [--stopping-strategy first_exhausted|all_exhausted] [--repetition-factor R] [--json]';

/** Exit codes: 0 simulated, 1 the mixture has errors, 2 a wrong command line. */
export async function runSimulateCommand(argv: string[], io: SimulateCommandIO): Promise<number> {
  const args = parseArgs(argv, FLAGS, 'simulate');
  if (args.positionals.length !== 1) throw new UsageError(`needs exactly one mixture FILE (${SIMULATE_USAGE})`);
  const arg = args.positionals[0]!;
  const file = resolve(io.cwd, arg);
  if (!existsSync(file)) throw new UsageError(`no such file: ${arg}`);
  if (!statSync(file).isFile()) throw new UsageError(`${arg} is not a regular file; give a *.mixture.yaml file`);
  const samplesFlag = flagNumber(args, 'samples');
  if (samplesFlag !== undefined && !(Number.isSafeInteger(samplesFlag) && samplesFlag >= 1)) throw new UsageError(`--samples must be an integer >= 1, got ${samplesFlag}`);
  const seed = flagNumber(args, 'seed');
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) throw new UsageError(`--seed must be an integer >= 0, got ${seed}`);
  const repetition = flagNumber(args, 'repetition-factor');
  if (repetition !== undefined && !(repetition >= 1)) throw new UsageError(`--repetition-factor must be >= 1 (OLMo-core's max_repetition_ratio), got ${repetition}`);

  const analysis = await new MixtureProject().analyze(file);
  const shown = relative(io.cwd, file) || file;
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !analysis.rates) {
    const index = new LineIndex(analysis.text);
    for (const d of errors) {
      const at = index.position(d.range[0]);
      io.stderr(`${shown}:${at.line}:${at.column}: error ${d.code}: ${d.message}\n`);
    }
    if (errors.length === 0) io.stderr(`${shown}: rates cannot be computed\n`);
    return 1;
  }
  const engine: EngineName | undefined = (flagString(args, 'engine') as EngineName | undefined) ?? engineOf(analysis.model);
  if (!engine) throw new UsageError(`needs --engine NAME (${ENGINE_NAMES.join(', ')}): ${shown} has no \`engine:\``);
  // The budget plays the run's length where --samples is not given (OLMo-core: the budget in tokens).
  const samples = samplesFlag ?? (engine === 'olmo' ? analysis.rates.tokens_drawn ?? analysis.rates.examples_drawn : analysis.rates.examples_drawn) ?? null;
  if (samples === null && (engine === 'megatron' || engine === 'nemo' || engine === 'olmo' || engine === 'seqio')) {
    throw new UsageError(`needs --samples N: ${shown} has no budget to take the number from`);
  }
  const stopping = flagString(args, 'stopping-strategy') as StoppingStrategy | undefined;
  const result = simulateEngine(engine, engineSources(analysis.rates), {
    samples,
    ...(seed !== undefined ? { seed } : {}),
    ...(stopping ? { stoppingStrategy: stopping } : {}),
    ...(repetition !== undefined ? { repetitionFactor: repetition } : {}),
  });
  io.stdout(flagBool(args, 'json') ? `${JSON.stringify(simulationJson(result), null, 2)}\n` : simulationText(result));
  return 0;
}

/** Exactly the documented JSON: `{engine, samples, tasks: [{name, data, weight, drawn, epochs}], notes}`. */
function simulationJson(s: EngineSimulation) {
  return { engine: s.engine, samples: s.samples, tasks: s.tasks.map((t) => ({ name: t.name, data: t.data, weight: t.weight, drawn: t.drawn, epochs: t.epochs })), notes: s.notes };
}

function simulationText(s: EngineSimulation): string {
  const unit = s.engine === 'olmo' ? 'tokens' : 'samples';
  const rows = s.tasks.map((t) => [t.name, formatNumber(t.weight, 6), t.drawn === null ? 'unknown' : formatNumber(t.drawn, 1), t.epochs === null ? 'unknown' : epochsText(t.epochs)]);
  const head = `engine ${s.engine}${s.samples !== null ? `, ${s.samples.toLocaleString('en-US')} ${unit}` : ''}\n`;
  return head + renderTable(['task', 'weight', `drawn (${unit})`, 'epochs'], rows, [false, true, true, true]) + s.notes.map((n) => `note: ${n}\n`).join('');
}

/** Epochs with three significant digits: a source drawn 20 times out of 100,000 shows 0.000200, not 0.000. */
function epochsText(e: number): string {
  return e === 0 || e >= 100 ? formatNumber(e, 0) : String(Number(e.toPrecision(3)));
}
