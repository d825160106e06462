// `taskmix`: the command line over the same core as the language server, for CI pipelines.
// Exit codes: 0 ok, 1 the mixture has errors (or a check failed), 2 the command line itself is wrong.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { MixtureProject, type Analysis, type RateOverrides } from '../core/analyze';
import { notRegularFile } from '../core/data';
import { ExportRefusedError, type ExportFormat } from '../core/export';
import { exportAnalysis } from '../core/export/fromAnalysis';
import { LineIndex } from '../core/lineIndex';
import { ratesUnderOverrides } from '../core/whatIf';
import { describeStrategy, samplingToCsv, samplingToJson, simulateSampling, type RateStrategy } from '../core/rates';
import type { Diagnostic } from '../core/types';
import { runEvalCommand } from './evalCommand';
import { runMaterializeCommand } from './materializeCommand';
import { runImportCommand } from './importCommand';
import { runSimulateCommand, SIMULATE_USAGE } from './simulateCommand';
import { writeExportCompanions } from './exportCompanions';
import { flagBool, flagNumber, flagString, parseArgs, UsageError, type FlagSpec } from './args';
import { formatNumber, formatPercent, renderTable } from './table';
import { ratesTable, tokensDrawnText } from './ratesTable';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

const STRATEGIES = ['uniform', 'equal', 'proportional', 'temperature', 'sqrt', 'unimax', 'manual'] as const;

const USAGE = `taskmix: author T5-style multi-task mixtures (*.mixture.yaml)

Usage:
  taskmix check FILE... [--json]
  taskmix rates FILE [--strategy S] [--temperature T] [--cap K] [--json]
  taskmix compare FILE [--json]
  taskmix export FILE --format seqio|hf|megatron|megatron-json|nemo|olmo|mosaic|llamafactory|json [--out PATH]
  taskmix import FILE [--from megatron|megatron-json|nemo|olmo|mosaic|hf|llamafactory|seqio] [--out PATH] [--mixture NAME]
  ${SIMULATE_USAGE}
  taskmix sample FILE --steps N [--batch B] [--seed S] [--points P] [--json|--csv]
  taskmix materialize FILE --out PATH [--examples N] [--seed S] [--shards K] [--split train|eval] [--format jsonl|parquet] [--force] [--json]
  taskmix eval FILE --task NAME --predictions PREDS.jsonl [--metrics a,b] [--rouge-stemmer] [--bleu-tokenize 13a|intl|none] [--json]
  taskmix generate --model DIR [--max-new-tokens N] [--num-beams B] [--do-sample --seed S] [--json] PROMPT...

Exit codes: 0 fine, 1 the mixture has errors, 2 a wrong command line.
`;

type Command = (argv: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  check: runCheck,
  rates: runRates,
  compare: runCompare,
  export: runExport,
  import: (argv, io) => runImportCommand(argv, io),
  sample: runSample,
  simulate: (argv, io) => runSimulateCommand(argv, io),
  materialize: (argv, io) => runMaterializeCommand(argv, io),
  eval: (argv, io) => runEvalCommand(argv, io),
  generate: async (argv, io) => {
    const { runGenerateCommand } = await import('../../../t5/node/generateCommand');
    return runGenerateCommand(argv, { stdout: { write: io.stdout }, stderr: { write: io.stderr } });
  },
};

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    (command ? io.stdout : io.stderr)(USAGE);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    io.stdout(`${TASKMIX_VERSION}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.stderr(`taskmix: unknown command '${command}' (commands: ${Object.keys(COMMANDS).join(', ')}; see taskmix --help)\n`);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`taskmix ${command}: ${e.message}\n`);
      return 2;
    }
    io.stderr(`taskmix ${command}: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 70;
  }
}

declare const TASKMIX_VERSION_DEFINE: string | undefined;
const TASKMIX_VERSION = typeof TASKMIX_VERSION_DEFINE === 'string' ? TASKMIX_VERSION_DEFINE : 'dev';

/** Resolves and checks a FILE argument: a missing file or a directory is a command-line error (exit 2). */
function inputFile(arg: string | undefined, io: CliIO, command: string): string {
  if (!arg) throw new UsageError(`needs a mixture FILE (taskmix ${command} FILE)`);
  const abs = resolve(io.cwd, arg);
  if (!existsSync(abs)) throw new UsageError(`no such file: ${arg}`);
  const stats = statSync(abs);
  if (stats.isDirectory()) throw new UsageError(`${arg} is a directory; give a *.mixture.yaml file`);
  // A FIFO would block and a device such as /dev/zero never ends: only regular files are read.
  if (!stats.isFile()) throw new UsageError(`${arg} is ${notRegularFile(stats)}, not a regular file; give a *.mixture.yaml file`);
  return abs;
}

function displayPath(abs: string, io: CliIO): string {
  const rel = relative(io.cwd, abs);
  return rel && !rel.startsWith('..') ? rel : abs;
}

function formatDiagnostic(file: string, index: LineIndex, d: Diagnostic): string {
  const at = index.position(d.range[0]);
  return `${file}:${at.line}:${at.column}: ${d.severity} ${d.code}: ${d.message}`;
}

function diagnosticJson(index: LineIndex, d: Diagnostic) {
  const start = index.position(d.range[0]);
  const end = index.position(d.range[1]);
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
  };
}

async function analyzeFile(file: string): Promise<Analysis> {
  const project = new MixtureProject();
  return project.analyze(file);
}

/** Prints errors to stderr when the analysis has any; returns whether it did. */
function reportErrors(a: Pick<Analysis, 'file' | 'text' | 'diagnostics' | 'rates'>, io: CliIO): boolean {
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0 && a.rates) return false;
  const index = new LineIndex(a.text);
  const shown = displayPath(a.file, io);
  for (const d of errors) io.stderr(formatDiagnostic(shown, index, d) + '\n');
  if (errors.length === 0) io.stderr(`${shown}: rates cannot be computed\n`);
  return true;
}

/** What `check` reports for a file whose analysis threw: one error, at its start, as the language server does. */
function failedAnalysis(e: unknown): Pick<Analysis, 'text' | 'diagnostics'> {
  const message = `TaskMix could not check this file (a bug; please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
  return { text: '', diagnostics: [{ code: 'internal-error', severity: 'error', message, range: [0, 0] }] };
}

async function runCheck(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { json: { type: 'boolean' } }, 'check');
  if (args.positionals.length === 0) throw new UsageError('needs at least one mixture FILE (taskmix check FILE...)');
  const files = args.positionals.map((f) => inputFile(f, io, 'check'));
  const project = new MixtureProject();
  let anyError = false;
  const totals = { errors: 0, warnings: 0 };
  const out: { file: string; diagnostics: ReturnType<typeof diagnosticJson>[] }[] = [];
  for (const file of files) {
    // One file the core fails on (a bug) is reported as such; the others' results are still printed.
    const a = await project.analyze(file).catch(failedAnalysis);
    const index = new LineIndex(a.text);
    const shown = displayPath(file, io);
    if (a.diagnostics.some((d) => d.severity === 'error')) anyError = true;
    totals.errors += a.diagnostics.filter((d) => d.severity === 'error').length;
    totals.warnings += a.diagnostics.filter((d) => d.severity === 'warning').length;
    if (flagBool(args, 'json')) out.push({ file: shown, diagnostics: a.diagnostics.map((d) => diagnosticJson(index, d)) });
    else for (const d of a.diagnostics) io.stdout(formatDiagnostic(shown, index, d) + '\n');
  }
  if (flagBool(args, 'json')) io.stdout(JSON.stringify({ files: out }, null, 2) + '\n');
  else io.stderr(`${totals.errors} error(s), ${totals.warnings} warning(s) in ${files.length} file(s)\n`);
  return anyError ? 1 : 0;
}

const OVERRIDE_FLAGS: Record<string, FlagSpec> = {
  strategy: { type: 'string', choices: STRATEGIES },
  temperature: { type: 'number' },
  cap: { type: 'number' },
  json: { type: 'boolean' },
};

function overridesOf(args: ReturnType<typeof parseArgs>): RateOverrides | undefined {
  const o: RateOverrides = {};
  const strategy = flagString(args, 'strategy');
  const temperature = flagNumber(args, 'temperature');
  const cap = flagNumber(args, 'cap');
  if (temperature !== undefined && !(temperature > 0)) throw new UsageError(`--temperature must be > 0, got ${temperature}`);
  if (cap !== undefined && !(cap >= 0)) throw new UsageError(`--cap must be >= 0 (0 removes the cap), got ${cap}`);
  if (strategy !== undefined) o.strategy = strategy as RateStrategy | 'equal';
  if (temperature !== undefined) {
    o.temperature = temperature;
    // A temperature alone is a what-if of the temperature strategy.
    if (strategy === undefined) o.strategy = 'temperature';
  }
  if (cap !== undefined) o.cap = cap;
  return Object.keys(o).length ? o : undefined;
}

async function runRates(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, OVERRIDE_FLAGS, 'rates');
  if (args.positionals.length !== 1) throw new UsageError('needs exactly one mixture FILE');
  const file = inputFile(args.positionals[0], io, 'rates');
  const overrides = overridesOf(args);
  const analysis = await analyzeFile(file);
  // The what-ifs are computed on the analysis's tree, as the language server computes them for `taskmix/rates`.
  const a = overrides ? { file: analysis.file, text: analysis.text, ...ratesUnderOverrides(analysis, overrides) } : analysis;
  if (reportErrors(a, io)) return 1;
  const rates = a.rates!;
  if (flagBool(args, 'json')) {
    io.stdout(JSON.stringify(rates, null, 2) + '\n');
    return 0;
  }
  const strategyText = a.sampling ? describeStrategy(a.sampling) : rates.strategy;
  io.stdout(`mixture ${rates.mixture} · strategy ${strategyText}` + (rates.examples_drawn !== null ? ` · ${formatNumber(rates.examples_drawn)} examples drawn` : '') + tokensDrawnText(rates) + '\n\n');
  io.stdout(ratesTable(rates));
  const b = rates.balance;
  io.stdout(
    `\nbalance: normalized entropy ${b.normalized_entropy.toFixed(3)} · effective tasks ${b.effective_tasks.toFixed(2)} of ${rates.tasks.length}` +
      ` · max/min ${formatNumber(b.max_min_ratio)} · gini ${b.gini.toFixed(3)} · KL(uniform) ${b.kl_uniform.toFixed(4)}` +
      ` · KL(proportional) ${b.kl_proportional === null ? '-' : b.kl_proportional.toFixed(4)}\n`,
  );
  return 0;
}

async function runCompare(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { json: { type: 'boolean' } }, 'compare');
  if (args.positionals.length !== 1) throw new UsageError('needs exactly one mixture FILE');
  const file = inputFile(args.positionals[0], io, 'compare');
  const project = new MixtureProject();
  const a = await project.analyze(file);
  if (reportErrors(a, io)) return 1;
  const comparison = project.compare(a)!;
  if (flagBool(args, 'json')) {
    io.stdout(JSON.stringify(comparison, null, 2) + '\n');
    return 0;
  }
  const columns = comparison.columns;
  const names = a.rates!.tasks.map((t) => t.name);
  const header = ['task', ...columns.map((c) => (c.isFileStrategy ? `*${c.label}` : c.label))];
  const rows = names.map((name) => [
    name,
    ...columns.map((c) => {
      const t = c.result.tasks.find((x) => x.name === name);
      return t ? formatPercent(t.rate) : '-';
    }),
  ]);
  rows.push(['(effective tasks)', ...columns.map((c) => c.result.balance.effective_tasks.toFixed(2))]);
  io.stdout(`mixture ${comparison.mixture}: rates under each strategy (* = the file's own)\n\n`);
  io.stdout(renderTable(header, rows, [false, ...columns.map(() => true)]));
  return 0;
}

const FORMAT_ALIASES: Record<string, ExportFormat> = {
  seqio: 'seqio',
  hf: 'huggingface',
  huggingface: 'huggingface',
  megatron: 'megatron',
  'megatron-json': 'megatron-json',
  nemo: 'nemo',
  olmo: 'olmo',
  mosaic: 'mosaic',
  llamafactory: 'llamafactory',
  json: 'json',
};

async function runExport(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { format: { type: 'string', choices: Object.keys(FORMAT_ALIASES) }, out: { type: 'string' }, seed: { type: 'number' } }, 'export');
  if (args.positionals.length !== 1) throw new UsageError('needs exactly one mixture FILE');
  const formatName = flagString(args, 'format');
  if (!formatName) throw new UsageError(`needs --format ${Object.keys(FORMAT_ALIASES).join('|')}`);
  const file = inputFile(args.positionals[0], io, 'export');
  const a = await analyzeFile(file);
  if (reportErrors(a, io)) return 1;
  let text: string;
  try {
    text = exportAnalysis(a, FORMAT_ALIASES[formatName]!, flagNumber(args, 'seed'));
  } catch (e) {
    // The mixture has no errors but cannot be written in this format (e.g. Megatron without data paths):
    // a problem with the mixture, so one line and exit 1, like its errors.
    if (!(e instanceof ExportRefusedError)) throw e;
    io.stderr(`${displayPath(a.file, io)}: error: ${e.message}\n`);
    return 1;
  }
  const out = flagString(args, 'out');
  if (out) {
    writeFileSync(resolve(io.cwd, out), text);
    io.stderr(`wrote ${out}\n`);
    writeExportCompanions(a, FORMAT_ALIASES[formatName]!, resolve(io.cwd, out), io, flagNumber(args, 'seed'));
  } else io.stdout(text);
  return 0;
}

async function runSample(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(
    argv,
    {
      steps: { type: 'number' },
      batch: { type: 'number' },
      seed: { type: 'number' },
      points: { type: 'number' },
      'epoch-threshold': { type: 'number' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
    },
    'sample',
  );
  if (args.positionals.length !== 1) throw new UsageError('needs exactly one mixture FILE');
  if (flagBool(args, 'json') && flagBool(args, 'csv')) throw new UsageError('--json and --csv exclude each other');
  const steps = flagNumber(args, 'steps');
  if (steps === undefined) throw new UsageError('needs --steps N');
  const file = inputFile(args.positionals[0], io, 'sample');
  const a = await analyzeFile(file);
  if (reportErrors(a, io)) return 1;
  const batchSize = flagNumber(args, 'batch') ?? a.model.budget?.batch_size?.value ?? 1;
  const points = flagNumber(args, 'points');
  const threshold = flagNumber(args, 'epoch-threshold');
  const outcome = simulateSampling(a.rates!, {
    steps,
    batchSize,
    seed: flagNumber(args, 'seed') ?? 0,
    ...(points !== undefined ? { points } : {}),
    ...(threshold !== undefined ? { epochThreshold: threshold } : {}),
  });
  if (!outcome.ok) throw new UsageError(outcome.error);
  const sim = outcome.simulation;
  if (flagBool(args, 'json')) io.stdout(samplingToJson(sim));
  else if (flagBool(args, 'csv')) io.stdout(samplingToCsv(sim));
  else {
    const last = sim.checkpoints.length - 1;
    io.stdout(`mixture ${sim.mixture}: ${formatNumber(steps)} steps x ${batchSize} examples, seed ${sim.seed}\n\n`);
    io.stdout(
      renderTable(
        ['task', 'examples', 'rate', 'drawn', 'epochs', `step reaching ${sim.epoch_threshold} epoch(s)`],
        sim.tasks.map((t) => [t.name, formatNumber(t.examples), formatPercent(t.rate), formatNumber(t.counts[last] ?? 0), formatNumber(t.epochs[last] ?? null), t.crossing_step === null ? 'never' : formatNumber(t.crossing_step)]),
        [false, true, true, true, true, true],
      ),
    );
  }
  return 0;
}
