// Scores aligned (prediction, references) pairs with a list of metrics, each aggregated as its reference
// implementation does: corpus BLEU, mean per-example ROUGE F-measure, mean best-over-references EM and F1,
// accuracy and MCC over labels compared as text, correlations over numbers.
import { corpusBleu, type BleuTokenizer } from './bleu';
import { accuracyScore, matthewsCorrcoef } from './classification';
import { pearsonCorrelation, spearmanCorrelation, type Correlation } from './correlation';
import type { MetricName } from './metricNames';
import { parsePythonFloat } from './pythonValues';
import { pythonStrip } from './pythonText';
import { RougeScorer, type RougeType } from './rouge';
import { bestExactMatch, bestF1 } from './squad';

export interface EvalExample {
  prediction: string;
  /** The target's references: one for a plain target, several for a list target. */
  references: readonly string[];
  /** 1-based line (parquet: row) of the example in the eval file. */
  line?: number;
  /** 1-based line of its prediction in the predictions file. */
  predictionLine?: number;
}

export interface ScoreOptions {
  /** Porter stemming for ROUGE (rouge-score's use_stemmer). Default off. */
  rougeStemmer?: boolean;
  /** sacreBLEU's tokenizer for BLEU: '13a' (its default, the default here), 'intl' (what T5's own bleu uses), 'none'. */
  bleuTokenize?: BleuTokenizer;
}

export interface MetricsReport {
  /** Examples scored. */
  n: number;
  /** Each requested metric on its reference's scale (BLEU 0-100; ROUGE F, F1, EM, accuracy 0-1; MCC and correlations -1..1); null where the reference's value is undefined (see `notes`). */
  metrics: Record<string, number | null>;
  /** sacreBLEU's signature when BLEU was computed. */
  signatures: { bleu?: string };
  /** What a reader must know about the numbers: unparseable predictions, undefined correlations. */
  notes: string[];
}

/** A data problem that stops scoring, at a line of the eval file (or of the predictions file). */
export class EvalDataError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly inPredictions = false,
  ) {
    super(message);
  }
}

/** T5's `string_to_float` default: what an unparseable regression prediction is scored as. */
export const UNPARSEABLE_PREDICTION_VALUE = -1;

const ROUGE_TYPES: readonly RougeType[] = ['rouge1', 'rouge2', 'rougeL'];

export function scoreExamples(examples: readonly EvalExample[], metrics: readonly MetricName[], options: ScoreOptions = {}): MetricsReport {
  if (examples.length === 0) throw new EvalDataError('there are no examples to score');
  const report: MetricsReport = { n: examples.length, metrics: {}, signatures: {}, notes: [] };
  const wanted = [...new Set(metrics)];
  const rougeTypes = ROUGE_TYPES.filter((type) => wanted.includes(type));
  const rougeMeans = rougeTypes.length ? meanRouge(examples, rougeTypes, options) : undefined;
  let numbers: NumericPairs | undefined;
  for (const metric of wanted) {
    switch (metric) {
      case 'accuracy':
        report.metrics[metric] = accuracyScore(
          examples.map((e) => e.references.some((reference) => pythonStrip(reference) === pythonStrip(e.prediction))),
        );
        break;
      case 'exact_match':
        report.metrics[metric] = mean(examples.map((e) => bestExactMatch(e.references, e.prediction)));
        break;
      case 'f1':
        report.metrics[metric] = mean(examples.map((e) => bestF1(e.references, e.prediction)));
        break;
      case 'matthews_corr':
        report.metrics[metric] = matthewsCorrcoef(
          examples.map((e) => pythonStrip(singleReference(e, metric))),
          examples.map((e) => pythonStrip(e.prediction)),
        );
        break;
      case 'pearson':
      case 'spearman': {
        numbers ??= numericPairs(examples, metric, report.notes);
        const correlation: Correlation = (metric === 'pearson' ? pearsonCorrelation : spearmanCorrelation)(numbers.targets, numbers.predictions);
        report.metrics[metric] = correlation.value;
        if (correlation.value === null) report.notes.push(`${metric} is undefined: ${correlation.undefinedReason}.`);
        break;
      }
      case 'bleu': {
        const bleu = corpusBleu(
          examples.map((e) => e.prediction),
          examples.map((e) => e.references),
          { tokenize: options.bleuTokenize },
        );
        report.metrics[metric] = bleu.score;
        report.signatures.bleu = bleu.signature;
        break;
      }
      case 'rouge1':
      case 'rouge2':
      case 'rougeL':
        report.metrics[metric] = rougeMeans![metric];
        break;
    }
  }
  return report;
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

function meanRouge(examples: readonly EvalExample[], types: readonly RougeType[], options: ScoreOptions): Record<RougeType, number> {
  const scorer = new RougeScorer(types, { useStemmer: options.rougeStemmer ?? false });
  const sums = { rouge1: 0, rouge2: 0, rougeL: 0 };
  for (const example of examples) {
    const scores = scorer.scoreMulti(example.references, example.prediction);
    for (const type of types) sums[type] += scores[type].fmeasure;
  }
  return { rouge1: sums.rouge1 / examples.length, rouge2: sums.rouge2 / examples.length, rougeL: sums.rougeL / examples.length };
}

function singleReference(example: EvalExample, metric: string): string {
  if (example.references.length !== 1) {
    throw new EvalDataError(`${metric} needs one target per example, but this target is a list of ${example.references.length} references`, example.line);
  }
  return example.references[0]!;
}

interface NumericPairs {
  targets: number[];
  predictions: number[];
}

/**
 * Targets must be finite numbers. A prediction that Python's float() cannot read is scored as -1, as T5's
 * `string_to_float` postprocessor does (it maps exactly what float() rejects); how many is noted. "nan", "inf" and
 * "1e400" ARE numbers to float(), so they are kept, and a correlation they make undefined is null with a note.
 */
function numericPairs(examples: readonly EvalExample[], metric: string, notes: string[]): NumericPairs {
  const targets: number[] = [];
  const predictions: number[] = [];
  const unparseable: EvalExample[] = [];
  for (const example of examples) {
    const reference = singleReference(example, metric);
    const target = parsePythonFloat(reference);
    if (target === undefined || !Number.isFinite(target)) {
      throw new EvalDataError(`${metric} needs a finite numeric target, but the target is ${JSON.stringify(reference)}`, example.line);
    }
    targets.push(target);
    const prediction = parsePythonFloat(example.prediction);
    if (prediction === undefined) {
      unparseable.push(example);
      predictions.push(UNPARSEABLE_PREDICTION_VALUE);
    } else {
      predictions.push(prediction);
    }
  }
  if (unparseable.length > 0) {
    const first = unparseable[0]!;
    const where = first.predictionLine !== undefined ? ` on line ${first.predictionLine}` : '';
    notes.push(
      `${unparseable.length} of ${examples.length} predictions are not numbers to Python's float() (first: ${JSON.stringify(first.prediction)}${where}); ` +
        `they count as ${UNPARSEABLE_PREDICTION_VALUE}, as T5's string_to_float postprocessor does.`,
    );
  }
  return { targets, predictions };
}
