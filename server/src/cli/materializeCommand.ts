// `taskmix materialize FILE --out PATH`: writes the mixture's training (or eval) examples as one dataset, drawn with
// the mixture's rates by the same seeded sampler as `taskmix sample`. The mixture is analyzed with record offsets
// recorded during its one counting pass, which the drawing then uses to read only the drawn records.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import { MixtureProject, type Analysis, type TaskView } from '../core/analyze';
import { getField, type CountSuccess } from '../core/data';
import { LineIndex } from '../core/lineIndex';
import { drawCounts, materialize, MaterializeError, maxExamples, type MaterializeProgress, type MaterializeTask, type OutputFormat } from '../core/materialize';
import { MaterializeCancelMessage, MaterializeCancelledExit, type MaterializeProgressLine, type MaterializeReport } from '../../../contracts/materialize';
import { flagBool, flagNumber, flagString, parseArgs, UsageError } from './args';
import { formatNumber, renderTable } from './table';

export interface MaterializeCommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

const FLAGS = {
  out: { type: 'string' },
  examples: { type: 'number' },
  seed: { type: 'number' },
  shards: { type: 'number' },
  split: { type: 'string', choices: ['train', 'eval'] },
  format: { type: 'string', choices: ['jsonl', 'parquet'] },
  force: { type: 'boolean' },
  json: { type: 'boolean' },
  progress: { type: 'string', choices: ['plain', 'json', 'none'] },
} as const;

/** Exit codes: 0 written, 1 the mixture, the data or the output failed, 2 a wrong command line, 130 cancelled. */
export async function runMaterializeCommand(argv: string[], io: MaterializeCommandIO): Promise<number> {
  const args = parseArgs(argv, FLAGS, 'materialize');
  if (args.positionals.length !== 1) throw new UsageError('needs exactly one mixture FILE (taskmix materialize FILE --out PATH)');
  const outArg = flagString(args, 'out');
  if (!outArg) throw new UsageError('needs --out PATH: the .jsonl or .parquet file to write (the base name with --shards)');
  const out = resolve(io.cwd, outArg);
  const format = outputFormat(flagString(args, 'format'), out);
  const seed = flagNumber(args, 'seed') ?? 0;
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got ${seed}`);
  const shards = flagNumber(args, 'shards') ?? 1;
  if (!Number.isInteger(shards) || shards < 1) throw new UsageError(`--shards must be an integer >= 1, got ${shards}`);
  const examplesFlag = flagNumber(args, 'examples');
  if (examplesFlag !== undefined && !(Number.isInteger(examplesFlag) && examplesFlag >= 1 && examplesFlag <= maxExamples)) {
    throw new UsageError(`--examples must be an integer from 1 to ${maxExamples}, got ${examplesFlag}`);
  }
  const split = (flagString(args, 'split') ?? 'train') as 'train' | 'eval';
  const progressMode = flagString(args, 'progress') ?? 'plain';
  const file = resolve(io.cwd, args.positionals[0]!);
  if (!existsSync(file)) throw new UsageError(`no such file: ${args.positionals[0]}`);
  if (statSync(file).isDirectory()) throw new UsageError(`${args.positionals[0]} is a directory; give a *.mixture.yaml file`);
  const shown = (path: string): string => display(path, io);
  const report = progressReporter(progressMode, io);

  report({ type: 'progress', phase: 'counting', fraction: 0, message: 'reading the mixture and counting its data files' });
  const project = new MixtureProject();
  const analysis = await project.analyze(file, { recordStarts: true });
  if (reportErrors(analysis, io)) return 1;
  const examples = examplesFlag ?? analysis.examplesDrawn ?? undefined;
  if (examples === undefined) throw new UsageError(`needs --examples N: ${shown(file)} has no budget to take the number from`);
  if (shards > examples) throw new UsageError(`--shards (${shards}) cannot exceed the number of examples (${examples})`);
  const counts = drawCounts(analysis.rates!, examples, seed);
  if (!counts.ok) throw new UsageError(counts.error);

  const prepared = await materializeTasks(project, analysis, counts.counts, split);
  if ('error' in prepared) {
    io.stderr(`${shown(prepared.error.file)}${prepared.error.at}: error: ${prepared.error.message}\n`);
    return 1;
  }
  const tasks = prepared.tasks;

  const controller = new AbortController();
  const stop = (): void => controller.abort();
  const onMessage = (message: unknown): void => {
    if (message === MaterializeCancelMessage) stop();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('message', onMessage);
  try {
    const result = await materialize({
      tasks,
      examples,
      seed,
      out,
      shards,
      format,
      force: flagBool(args, 'force'),
      provenance: { mixture: analysis.rates!.mixture, split, seed, examples },
      signal: controller.signal,
      onProgress: (p) => report(progressLine(p)),
    });
    report({ type: 'progress', phase: 'done', fraction: 1, message: `wrote ${formatNumber(examples)} examples` });
    const json: MaterializeReport = {
      mixture: analysis.rates!.mixture,
      split,
      seed,
      examples,
      format,
      tasks: result.tasks,
      files: result.files.map((f) => ({ ...f, path: shown(f.path) })),
      warnings: result.warnings,
    };
    for (const w of result.warnings) io.stderr(`warning: ${w}\n`);
    if (flagBool(args, 'json')) {
      io.stdout(JSON.stringify(json, null, 2) + '\n');
      return 0;
    }
    io.stdout(`mixture ${json.mixture}: ${formatNumber(examples)} ${split} examples, seed ${seed}\n\n`);
    io.stdout(
      renderTable(
        ['task', 'records', 'examples', 'epochs'],
        result.tasks.map((t) => [t.name, formatNumber(t.records), formatNumber(t.examples), formatNumber(t.epochs)]),
        [false, true, true, true],
      ),
    );
    io.stdout('\n');
    for (const f of json.files) io.stdout(`wrote ${f.path} (${formatNumber(f.examples)} examples, ${formatNumber(f.bytes)} bytes)\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof MaterializeError)) throw error;
    if (error.kind === 'cancelled') {
      io.stderr(`taskmix materialize: ${error.message}\n`);
      return MaterializeCancelledExit;
    }
    io.stderr(`${located(error, shown)}: error: ${error.message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.off('message', onMessage);
  }
}

/**
 * The tasks to materialize, in the rates' order, with each drawn task's data file for the split as the analysis's
 * counting pass left it (with record offsets: the analysis must have been made with `recordStarts`).
 */
export async function materializeTasks(
  project: MixtureProject,
  analysis: Analysis,
  counts: readonly number[],
  split: 'train' | 'eval',
): Promise<{ tasks: MaterializeTask[] } | { error: { file: string; at: string; message: string } }> {
  const tasks: MaterializeTask[] = [];
  for (const [i, view] of analysis.tasks.entries()) {
    const count = counts[i]!;
    const task: MaterializeTask = { name: view.name, prefix: view.prefix, fields: view.fields, count };
    const path = split === 'train' ? view.data : view.eval;
    if (count > 0 && !path) task.definedAt = definedAt(view, analysis);
    if (count > 0 && path) {
      const counted = await project.countData(path, view.fields, { recordStarts: true });
      if (!counted.ok) {
        const at = counted.line !== undefined ? `:${counted.line}${counted.column !== undefined ? `:${counted.column}` : ''}` : '';
        return { error: { file: path, at, message: counted.message } };
      }
      task.source = {
        path,
        format: counted.format,
        compressed: counted.compressed,
        count: counted.count,
        bytes: counted.bytes,
        fields: view.fields,
        ...(counted.recordStarts ? { starts: counted.recordStarts } : {}),
      };
      if (hasListTarget(counted, view)) task.listTargets = true;
    }
    tasks.push(task);
  }
  return { tasks };
}

/** The format from --format, else from the output's extension; a contradiction is a command-line error. */
function outputFormat(flag: string | undefined, out: string): OutputFormat {
  const ext = extname(out).toLowerCase();
  const fromName: OutputFormat | undefined = ext === '.parquet' ? 'parquet' : ext === '.jsonl' || ext === '.json' ? 'jsonl' : undefined;
  if (flag && fromName && flag !== fromName) throw new UsageError(`--format ${flag} does not match the output name ${out} (${ext}): rename it, or drop --format`);
  return (flag as OutputFormat | undefined) ?? fromName ?? 'jsonl';
}

function display(abs: string, io: MaterializeCommandIO): string {
  const rel = relative(io.cwd, abs);
  return rel && !rel.startsWith('..') ? rel : abs;
}

function located(error: MaterializeError, shown: (path: string) => string): string {
  const w = error.where;
  if (!w.file) return 'taskmix materialize';
  if (w.row !== undefined) return `${shown(w.file)}: row ${w.row}`;
  if (w.line === undefined) return shown(w.file);
  return `${shown(w.file)}:${w.line}${w.column !== undefined ? `:${w.column}` : ''}`;
}

/** Prints the analysis's errors to stderr; true when there were any (or no rates). */
function reportErrors(a: Analysis, io: MaterializeCommandIO): boolean {
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0 && a.rates) return false;
  const index = new LineIndex(a.text);
  for (const d of errors) {
    const at = index.position(d.range[0]);
    io.stderr(`${display(a.file, io)}:${at.line}:${at.column}: ${d.severity} ${d.code}: ${d.message}\n`);
  }
  if (errors.length === 0) io.stderr(`${display(a.file, io)}: rates cannot be computed\n`);
  return true;
}

/** Where a task is written, for the error that it has no data: its name in the file that defines it. */
function definedAt(view: TaskView, analysis: Analysis): { file: string; line: number; column: number } {
  let text = analysis.text;
  if (view.file !== analysis.file) {
    try {
      text = readFileSync(view.file, 'utf8');
    } catch {
      return { file: view.file, line: 1, column: 1 };
    }
  }
  const at = new LineIndex(text).position((view.nameRange ?? view.entryRange)[0]);
  return { file: view.file, line: at.line, column: at.column };
}

/** Whether the records the count parsed have a list as target: then parquet's `targets` is a list column. */
function hasListTarget(counted: CountSuccess, view: TaskView): boolean {
  return (counted.records ?? []).some((r) => Array.isArray(getField(r.record, view.fields.target)));
}

function progressLine(p: MaterializeProgress): MaterializeProgressLine {
  // Counting is done when drawing starts; reading and writing each carry half of what is left.
  const fraction = 0.1 + 0.45 * (p.read / p.total) + 0.45 * (p.written / p.total);
  const done = p.phase === 'reading' ? p.read : p.written;
  return {
    type: 'progress',
    phase: p.phase,
    fraction: Math.min(1, fraction),
    message: `${p.phase}: ${Math.floor((100 * done) / p.total)}% of ${formatNumber(p.total)} examples`,
  };
}

/** Progress on stderr: lines for people (at most one a second), JSON lines for the extension, or nothing. */
function progressReporter(mode: string, io: MaterializeCommandIO): (line: MaterializeProgressLine) => void {
  let last = 0;
  let lastPhase = '';
  return (line) => {
    if (mode === 'none') return;
    const now = Date.now();
    const phaseChanged = line.phase !== lastPhase;
    if (!phaseChanged && now - last < (mode === 'json' ? 100 : 1000)) return;
    last = now;
    lastPhase = line.phase;
    if (mode === 'json') io.stderr(JSON.stringify(line) + '\n');
    else if (line.phase !== 'done') io.stderr(`materialize: ${line.message}\n`);
  };
}
