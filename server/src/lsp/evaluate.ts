// `taskmix/evaluate`: scores the playground model's predictions for a task's first eval records through the
// core's `scorePredictions`, the call `taskmix eval` makes, so the panel and the CLI agree on every number.
import { scoreExamples, scorePredictions, type EvalExample, type MetricName } from '../core/metrics';
import type { Analysis } from '../core/analyze';
import type { EvaluatedExample, EvaluateParams, EvaluateResponse } from '../../../contracts/lsp';
import { tasksResponse } from './customRequests';

/** The most records one evaluation scores (the playground runs each through the model). */
export const MAX_EVALUATED = 1000;

/** Metrics that have a value per example; the others (MCC, correlations) exist only over a corpus. */
const PER_EXAMPLE: ReadonlySet<MetricName> = new Set<MetricName>(['accuracy', 'exact_match', 'f1', 'rouge1', 'rouge2', 'rougeL', 'bleu']);

/** Checks the wire shape; a string says what is wrong. */
export function checkEvaluateParams(p: unknown): EvaluateParams | string {
  if (typeof p !== 'object' || p === null) return 'params must be an object';
  const { uri, task, predictions, rougeStemmer } = p as Record<string, unknown>;
  if (typeof uri !== 'string' || typeof task !== 'string') return 'uri and task must be strings';
  if (!Array.isArray(predictions) || predictions.length === 0) return 'predictions must be a non-empty list';
  if (predictions.length > MAX_EVALUATED) return `at most ${MAX_EVALUATED} predictions`;
  for (const [i, x] of predictions.entries()) {
    const item = x as Record<string, unknown> | null;
    if (!item || !Number.isSafeInteger(item.line) || typeof item.prediction !== 'string') {
      return `predictions[${i}] must be {line: integer, prediction: string}`;
    }
  }
  if (rougeStemmer !== undefined && typeof rougeStemmer !== 'boolean') return 'rougeStemmer must be a boolean';
  return p as EvaluateParams;
}

export async function evaluateResponse(analysis: Analysis, params: EvaluateParams): Promise<EvaluateResponse> {
  const info = tasksResponse(params.uri, analysis).tasks.find((t) => t.name === params.task);
  if (!info) return { report: null, error: { message: `The mixture has no task '${params.task}'.` } };
  if (!info.eval) return { report: null, error: { message: `Task '${params.task}' has no \`eval\` file.` } };
  const predictionsText = params.predictions.map((p) => JSON.stringify({ prediction: p.prediction })).join('\n') + '\n';
  const outcome = await scorePredictions({
    task: { name: info.name, eval: info.eval, fields: info.fields, metrics: info.metrics },
    predictionsText,
    predictionsFile: 'the playground predictions',
    limit: params.predictions.length,
    rougeStemmer: params.rougeStemmer ?? false,
  });
  if (!outcome.ok) {
    return { report: null, error: { message: outcome.message, ...(outcome.file ? { file: outcome.file } : {}), ...(outcome.line !== undefined ? { line: outcome.line } : {}) } };
  }
  // The records were read again: if the file changed since the view read them, the predictions answer other inputs.
  const moved = outcome.examples.findIndex((e, i) => e.line !== params.predictions[i]!.line);
  if (moved >= 0) {
    const line = outcome.examples[moved]!.line;
    return { report: null, error: { message: `The eval file changed while the model ran (record ${moved + 1} is now on line ${line}, not ${params.predictions[moved]!.line}): evaluate again.`, file: info.eval, line } };
  }
  const { report } = outcome;
  const perExample = report.metricNames.filter((m) => PER_EXAMPLE.has(m));
  const examples: EvaluatedExample[] = outcome.examples.map((e) => ({
    line: e.line!,
    references: [...e.references],
    prediction: e.prediction,
    scores: exampleScores(e, report.metricNames, perExample, params.rougeStemmer ?? false),
  }));
  return {
    report: {
      task: report.task,
      file: info.eval,
      n: report.n,
      metricNames: report.metricNames,
      metrics: report.metrics,
      signatures: report.signatures,
      notes: report.notes,
      examples,
      results: resultsHint(analysis),
    },
  };
}

/** Each example scored alone with the same code: the per-example mean terms, and sentence-level BLEU. */
function exampleScores(example: EvalExample, all: readonly MetricName[], perExample: readonly MetricName[], rougeStemmer: boolean): Record<string, number | null> {
  const scores: Record<string, number | null> = {};
  const alone = perExample.length ? scoreExamples([example], perExample, { rougeStemmer }).metrics : {};
  for (const m of all) scores[m] = perExample.includes(m) ? (alone[m] ?? null) : null;
  return scores;
}

/** The block's metric, and whether its scores are written as percentages (any magnitude above 1). */
function resultsHint(analysis: Analysis): { metric: string | null; percent: boolean } {
  const results = analysis.model.results;
  if (!results) return { metric: null, percent: false };
  const values: number[] = [];
  for (const block of [results.single_task, results.multi_task]) for (const v of block?.values() ?? []) values.push(v.value);
  for (const target of results.pairwise?.values() ?? []) for (const v of target.sources.values()) values.push(v.value);
  return { metric: results.metric?.value ?? null, percent: values.some((v) => Math.abs(v) > 1) };
}
