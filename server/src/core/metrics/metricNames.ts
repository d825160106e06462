// The metric names a task may list (the spec's list), and what a task without `metrics` gets.

export const SCORED_METRICS = ['accuracy', 'exact_match', 'f1', 'matthews_corr', 'pearson', 'spearman', 'bleu', 'rouge1', 'rouge2', 'rougeL'] as const;

export type MetricName = (typeof SCORED_METRICS)[number];

/** What a task without `metrics` is scored with. */
export const DEFAULT_METRICS: readonly MetricName[] = ['accuracy'];

export function isMetricName(name: string): name is MetricName {
  return (SCORED_METRICS as readonly string[]).includes(name);
}
