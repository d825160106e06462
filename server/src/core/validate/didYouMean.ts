// "Did you mean": the closest valid name to a misspelled one, by edit distance.

/** Optimal string alignment distance: Levenshtein plus the swap of two neighbours (`tempreature`). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2] + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1];
}

/** Case, `_`, `-` and spaces do not tell names apart for a human (`batchSize`, `max-epochs`). */
function normalize(name: string): string {
  return name.toLowerCase().replace(/[_\-\s]/g, '');
}

/**
 * The valid name a user most likely meant by `written`, or undefined when none is close enough.
 * `aliases` maps other tools' spellings (normalized) to a valid name, e.g. `mcc` -> `matthews_corr`.
 */
export function suggest(written: string, candidates: readonly string[], aliases: Record<string, string> = {}): string | undefined {
  const w = normalize(written);
  if (!w) return undefined;
  const alias = aliases[w];
  if (alias !== undefined && candidates.includes(alias)) return alias;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c === written) continue;
    const dist = editDistance(w, normalize(c));
    if (dist < bestDistance) {
      bestDistance = dist;
      best = c;
    }
  }
  // Short names tolerate one edit; longer ones about one edit per three characters.
  const allowed = Math.max(1, Math.floor(w.length / 3));
  if (best !== undefined && bestDistance <= allowed) return best;
  // An abbreviation (`temp`, `prop`) picks the one candidate it starts.
  if (w.length >= 3) {
    const starts = candidates.filter((c) => normalize(c).startsWith(w));
    if (starts.length === 1) return starts[0];
  }
  return undefined;
}

/** Other tools' names for metrics, normalized as `suggest` compares them. */
export const METRIC_ALIASES: Record<string, string> = {
  acc: 'accuracy',
  mcc: 'matthews_corr',
  matthewscorrelation: 'matthews_corr',
  em: 'exact_match',
  f1score: 'f1',
  sacrebleu: 'bleu',
  pearsonr: 'pearson',
  spearmanr: 'spearman',
  rougelsum: 'rougeL',
};

/** Other names for strategies, normalized. */
export const STRATEGY_ALIASES: Record<string, string> = {
  squareroot: 'sqrt',
  examplesproportional: 'proportional',
  mixingratenumexamples: 'proportional',
  temperaturescaled: 'temperature',
  fixed: 'manual',
  balanced: 'uniform',
};

/** Other tools' spellings of keys, normalized. */
export const KEY_ALIASES: Record<string, string> = {
  inputs: 'input',
  targets: 'target',
  numexamples: 'examples',
  taskprefix: 'prefix',
  evaldata: 'eval',
};
