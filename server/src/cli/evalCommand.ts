// `taskmix eval FILE --task NAME --predictions PREDS.jsonl`: scores predictions made anywhere against a task's
// eval split with the task's metrics, through the same core call (`scorePredictions`) the editor uses.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { MixtureProject } from '../core/analyze';
import { LineIndex } from '../core/lineIndex';
import { BLEU_TOKENIZERS, isBleuTokenizer, isMetricName, scorePredictions, SCORED_METRICS, type EvalReport } from '../core/metrics';
import { flagBool, flagString, parseArgs, UsageError } from './args';
import { renderTable } from './table';

export interface EvalCommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

const FLAGS = {
  task: { type: 'string' },
  predictions: { type: 'string' },
  metrics: { type: 'string' },
  'rouge-stemmer': { type: 'boolean' },
  'bleu-tokenize': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Exit codes: 0 scored, 1 the mixture or the data has errors, 2 a wrong command line (thrown as UsageError). */
export async function runEvalCommand(argv: string[], io: EvalCommandIO): Promise<number> {
  const args = parseArgs(argv, FLAGS, 'eval');
  if (args.positionals.length !== 1) throw new UsageError('needs exactly one mixture FILE (taskmix eval FILE --task NAME --predictions PREDS.jsonl)');
  const file = existingFile(args.positionals[0]!, io, 'mixture FILE');
  const taskName = flagString(args, 'task');
  if (!taskName) throw new UsageError('needs --task NAME: the task whose eval split the predictions answer');
  const predictionsArg = flagString(args, 'predictions');
  if (!predictionsArg) throw new UsageError('needs --predictions PREDS.jsonl: one {"prediction": ...} or {"id": ..., "prediction": ...} per line');
  const predictionsFile = existingFile(predictionsArg, io, '--predictions file');
  const metrics = metricsFlag(flagString(args, 'metrics'));
  const bleuTokenize = flagString(args, 'bleu-tokenize');
  if (bleuTokenize !== undefined && !isBleuTokenizer(bleuTokenize)) {
    throw new UsageError(`--bleu-tokenize must be one of ${BLEU_TOKENIZERS.join(', ')} (intl is what T5's own bleu metric uses), got '${bleuTokenize}'`);
  }

  const analysis = await new MixtureProject().analyze(file);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const index = new LineIndex(analysis.text);
    const shown = display(file, io);
    for (const d of errors) {
      const at = index.position(d.range[0]);
      io.stderr(`${shown}:${at.line}:${at.column}: ${d.severity} ${d.code}: ${d.message}\n`);
    }
    return 1;
  }
  const task = analysis.tasks.find((t) => t.name === taskName);
  if (!task) {
    const known = analysis.tasks.map((t) => t.name).join(', ') || 'none';
    throw new UsageError(`no task named '${taskName}' in ${display(file, io)} (tasks: ${known})`);
  }

  const outcome = await scorePredictions({
    task,
    predictionsText: readPredictions(predictionsFile),
    predictionsFile: display(predictionsFile, io),
    ...(metrics ? { metrics } : {}),
    rougeStemmer: flagBool(args, 'rouge-stemmer'),
    bleuTokenize,
  });
  if (!outcome.ok) {
    const where = outcome.file ? `${display(outcome.file, io)}${outcome.line !== undefined ? `:${outcome.line}` : ''}: ` : '';
    io.stderr(`${where}error: ${outcome.message}\n`);
    return 1;
  }
  io.stdout(flagBool(args, 'json') ? jsonReport(outcome.report) : textReport(outcome.report, display(predictionsFile, io)));
  return 0;
}

function existingFile(arg: string, io: EvalCommandIO, what: string): string {
  const abs = resolve(io.cwd, arg);
  if (!existsSync(abs)) throw new UsageError(`no such file: ${arg} (the ${what})`);
  if (statSync(abs).isDirectory()) throw new UsageError(`${arg} is a directory, not the ${what}`);
  return abs;
}

function display(abs: string, io: EvalCommandIO): string {
  const rel = relative(io.cwd, abs);
  return rel && !rel.startsWith('..') ? rel : abs;
}

function metricsFlag(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError(`--metrics needs names, e.g. --metrics bleu,rougeL (metrics: ${SCORED_METRICS.join(', ')})`);
  const unknown = names.filter((name) => !isMetricName(name));
  if (unknown.length > 0) throw new UsageError(`unknown metric ${unknown.map((n) => `'${n}'`).join(', ')} (metrics: ${SCORED_METRICS.join(', ')})`);
  return names;
}

function readPredictions(path: string): string {
  const bytes = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** `{"task","n","metrics":{...}}`, with `signatures` when BLEU ran and `notes` when there are any. */
function jsonReport(report: EvalReport): string {
  const out: Record<string, unknown> = { task: report.task, n: report.n, metrics: report.metrics };
  if (report.signatures.bleu) out.signatures = { bleu: report.signatures.bleu };
  if (report.notes.length > 0) out.notes = report.notes;
  return JSON.stringify(out, null, 2) + '\n';
}

const SCALES: Record<string, string> = {
  bleu: '0-100 (sacreBLEU)',
  rouge1: 'F-measure, 0-1',
  rouge2: 'F-measure, 0-1',
  rougeL: 'F-measure, 0-1',
  f1: '0-1',
  exact_match: '0-1',
  accuracy: '0-1',
  matthews_corr: '-1..1',
  pearson: '-1..1',
  spearman: '-1..1',
};

function textReport(report: EvalReport, predictionsShown: string): string {
  const rows = report.metricNames.map((name) => {
    const value = report.metrics[name];
    return [name, value === null || value === undefined ? 'undefined' : value.toFixed(name === 'bleu' ? 2 : 4), SCALES[name] ?? ''];
  });
  let text = `task ${report.task} · ${report.n} examples · predictions ${predictionsShown}\n\n`;
  text += renderTable(['metric', 'value', 'scale'], rows, [false, true, false]);
  if (report.signatures.bleu) text += `\nBLEU signature: ${report.signatures.bleu}\n`;
  for (const note of report.notes) text += `note: ${note}\n`;
  return text;
}
