// Scores a predictions file against a task's eval split: the one path that `taskmix eval` and the editor share,
// so both report the same numbers for the same predictions.
import { getField, readRecords, type DataRecord, type FieldNames } from '../data';
import { DEFAULT_METRICS, isMetricName, SCORED_METRICS, type MetricName } from './metricNames';
import { parsePredictions, type PredictionLine } from './predictionsFile';
import { pythonScalarText } from './pythonValues';
import { EvalDataError, scoreExamples, type EvalExample, type MetricsReport, type ScoreOptions } from './scoreExamples';

/** The parts of a task that scoring reads (an analysis `TaskView` has them all). */
export interface ScoredTask {
  name: string;
  /** Absolute path of the eval split. */
  eval?: string;
  fields: FieldNames;
  metrics: readonly string[];
}

/** Scoring options (ROUGE stemming, the BLEU tokenizer) as scoreExamples takes them. */
export interface ScorePredictionsRequest extends ScoreOptions {
  task: ScoredTask;
  /** The predictions as JSON Lines text (from a file or an editor buffer). */
  predictionsText: string;
  /** Path of the predictions, used in messages. */
  predictionsFile: string;
  /** Replaces the task's metrics. With neither, accuracy. */
  metrics?: readonly string[];
  signal?: AbortSignal;
  /** Scores only the first `limit` eval records (the editor's "Evaluate task" runs the model on a few). */
  limit?: number;
}

export interface EvalReport extends MetricsReport {
  task: string;
  /** The metrics that were computed, in order. */
  metricNames: MetricName[];
}

export type ScorePredictionsOutcome =
  /** `examples`: the aligned pairs that were scored, in eval-file order (for per-example scores). */
  | { ok: true; report: EvalReport; examples: EvalExample[] }
  /** `file` and `line` say where the problem is (the eval split, the predictions, or neither). */
  | { ok: false; message: string; file?: string; line?: number };

/** Reads the task's eval records and the predictions, aligns them, and scores them. Never throws on bad data. */
export async function scorePredictions(request: ScorePredictionsRequest): Promise<ScorePredictionsOutcome> {
  const { task } = request;
  const requested = request.metrics ?? task.metrics;
  const names = requested.length > 0 ? [...requested] : [...DEFAULT_METRICS];
  const unknown = names.filter((name) => !isMetricName(name));
  if (unknown.length > 0) {
    return { ok: false, message: `unknown metric ${unknown.map((n) => `'${n}'`).join(', ')} (metrics: ${SCORED_METRICS.join(', ')})` };
  }
  if (!task.eval) return { ok: false, message: `task '${task.name}' has no eval split: add \`eval: <file>\` to it` };
  const evalFile = task.eval;
  const read = await readRecords(evalFile, { limit: request.limit ?? Number.MAX_SAFE_INTEGER, ...(request.signal ? { signal: request.signal } : {}) });
  if (!read.ok) return { ok: false, message: read.message, file: evalFile, ...(read.line !== undefined ? { line: read.line } : {}) };
  try {
    const predictions = parsePredictions(request.predictionsText);
    const examples = alignExamples(read.records, predictions, task.fields, request.predictionsFile);
    const metricNames = [...new Set(names)] as MetricName[];
    const scored = scoreExamples(examples, metricNames, { rougeStemmer: request.rougeStemmer ?? false, bleuTokenize: request.bleuTokenize });
    return { ok: true, report: { task: task.name, metricNames, ...scored }, examples };
  } catch (error) {
    if (!(error instanceof EvalDataError)) throw error;
    return {
      ok: false,
      message: error.message,
      file: error.inPredictions ? request.predictionsFile : evalFile,
      ...(error.line !== undefined ? { line: error.line } : {}),
    };
  }
}

/** The references of one eval record: its target as text, or the texts of a list target. */
function referencesOf(record: DataRecord, field: string): string[] {
  const target = getField(record.record, field);
  if (target === undefined) throw new EvalDataError(`the record has no target field "${field}"`, record.line);
  if (Array.isArray(target)) {
    if (target.length === 0) throw new EvalDataError(`the target field "${field}" is an empty list: it has no reference`, record.line);
    const texts = target.map(pythonScalarText);
    if (texts.some((text) => text === undefined)) {
      throw new EvalDataError(`the target list "${field}" must hold strings, numbers or booleans`, record.line);
    }
    return texts as string[];
  }
  const text = pythonScalarText(target);
  if (text === undefined) throw new EvalDataError(`the target field "${field}" must be text, a number, a boolean or a list of them`, record.line);
  return [text];
}

/**
 * Pairs each eval record with its prediction: by `id` when the predictions carry ids (matched to the records'
 * `id` field, or to their 0-based index when the records have none), else by order. Every record needs exactly
 * one prediction.
 */
function alignExamples(records: readonly DataRecord[], predictions: readonly PredictionLine[], fields: FieldNames, predictionsFile: string): EvalExample[] {
  if (records.length === 0) throw new EvalDataError('the eval split has no records');
  const withId = predictions.filter((p) => p.id !== undefined);
  if (withId.length > 0 && withId.length < predictions.length) {
    const odd = predictions.find((p) => p.id === undefined)!;
    throw new EvalDataError(`this prediction has no "id" while others have one: give every line an id, or none`, odd.line, true);
  }
  const matched = withId.length > 0 ? matchById(records, predictions) : matchByOrder(records, predictions, predictionsFile);
  return records.map((record, i) => ({
    prediction: matched[i]!.prediction,
    references: referencesOf(record, fields.target),
    line: record.line,
    predictionLine: matched[i]!.line,
  }));
}

function matchByOrder(records: readonly DataRecord[], predictions: readonly PredictionLine[], predictionsFile: string): PredictionLine[] {
  if (predictions.length > records.length) {
    const extra = predictions[records.length]!;
    throw new EvalDataError(`more predictions than the ${records.length} eval records: this is prediction ${records.length + 1} (predictions are matched to eval records by order)`, extra.line, true);
  }
  if (predictions.length < records.length) {
    const unmatched = records[predictions.length]!;
    throw new EvalDataError(
      `${predictionsFile} has ${predictions.length} predictions for ${records.length} eval records: this record (number ${predictions.length + 1}) has no prediction (predictions are matched by order; add "id"s to match otherwise)`,
      unmatched.line,
    );
  }
  return [...predictions];
}

function matchById(records: readonly DataRecord[], predictions: readonly PredictionLine[]): PredictionLine[] {
  const recordIds = records.map((record) => getField(record.record, 'id'));
  const haveIds = recordIds.filter((id) => id !== undefined).length;
  const index = new Map<string, number>();
  if (haveIds === 0) {
    records.forEach((_, i) => index.set(String(i), i));
  } else {
    for (let i = 0; i < records.length; i++) {
      const raw = recordIds[i];
      const id = typeof raw === 'string' || typeof raw === 'number' ? pythonScalarText(raw) : undefined;
      if (id === undefined) {
        throw new EvalDataError(
          raw === undefined ? 'this eval record has no "id" while others have one' : 'the "id" of this eval record must be a string or a number',
          records[i]!.line,
        );
      }
      if (index.has(id)) throw new EvalDataError(`the id ${JSON.stringify(id)} is also on line ${records[index.get(id)!]!.line}: ids must be unique`, records[i]!.line);
      index.set(id, i);
    }
  }
  const matched = new Array<PredictionLine | undefined>(records.length);
  for (const prediction of predictions) {
    const at = index.get(prediction.id!);
    if (at === undefined) {
      const known = haveIds === 0 ? `the eval records have no "id" field, so ids are 0-based indexes 0..${records.length - 1}` : 'no eval record has it';
      throw new EvalDataError(`unknown id ${JSON.stringify(prediction.id)}: ${known}`, prediction.line, true);
    }
    const earlier = matched[at];
    if (earlier) throw new EvalDataError(`a second prediction for id ${JSON.stringify(prediction.id)} (the first is on line ${earlier.line})`, prediction.line, true);
    matched[at] = prediction;
  }
  const missing = matched.findIndex((p) => p === undefined);
  if (missing >= 0) {
    const count = matched.filter(Boolean).length;
    throw new EvalDataError(`this eval record has no prediction (${count} of ${records.length} records have one)`, records[missing]!.line);
  }
  return matched as PredictionLine[];
}
