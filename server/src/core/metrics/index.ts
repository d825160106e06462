// Evaluation metrics equal to their reference implementations (sacreBLEU, rouge-score, SQuAD's script,
// scikit-learn, scipy), and the scoring of a predictions file against a task's eval split.
export { corpusBleu, computeBleu, bleuSignature, tokenize13a, tokenizeIntl, BLEU_TOKENIZERS, isBleuTokenizer, SACREBLEU_VERSION, type BleuTokenizer, type BleuOptions, type BleuScore, type CorpusBleu } from './bleu';
export { accuracyScore, matthewsCorrcoef } from './classification';
export { pearsonCorrelation, spearmanCorrelation, averageRanks, type Correlation } from './correlation';
export { DEFAULT_METRICS, SCORED_METRICS, isMetricName, type MetricName } from './metricNames';
export { PorterStemmer, type PorterMode } from './porterStemmer';
export { parsePredictions, type PredictionLine } from './predictionsFile';
export { parsePythonFloat } from './pythonValues';
export { RougeScorer, rougeTokenize, rougeN, rougeL, type RougeScore, type RougeType } from './rouge';
export { scoreExamples, EvalDataError, UNPARSEABLE_PREDICTION_VALUE, type EvalExample, type MetricsReport, type ScoreOptions } from './scoreExamples';
export { scorePredictions, type EvalReport, type ScoredTask, type ScorePredictionsOutcome, type ScorePredictionsRequest } from './scorePredictions';
export { normalizeSquadAnswer, squadExactMatch, squadF1, bestExactMatch, bestF1 } from './squad';
