// The `analysisVersion` of each mixture (contracts/lsp.ts, BalanceResponse and RatesChangedParams): a number that
// changes whenever anything the Balance Preview shows, apart from the diagnostics, may have changed. The preview
// refreshes its whole state and asks its what-ifs again only then; a keystroke that changes only diagnostics costs it
// one small message. An analysis keeps the version of the one before when it gives the same rates under every
// what-if (core/whatIf.ts, sameRateInputs), the same last valid rates and the same `results`.
import type { Analysis } from '../core/analyze';
import { sameRateInputs } from '../core/whatIf';

interface Seen {
  analysis: Analysis;
  results: string;
  version: number;
}

export class AnalysisVersions {
  // Unique to this server process: a restarted server never reuses a number a view already holds.
  private next = Date.now();
  /** The same analysis always answers the same version (the notification and a request may both ask for it). */
  private readonly byAnalysis = new WeakMap<Analysis, number>();
  private readonly last = new Map<string, Seen>();

  of(uri: string, analysis: Analysis): number {
    const known = this.byAnalysis.get(analysis);
    if (known !== undefined) return known;
    const results = resultsKey(analysis);
    const last = this.last.get(uri);
    const same =
      last !== undefined &&
      last.results === results &&
      sameRateInputs(last.analysis, analysis) &&
      // Both trees null (the file has errors): the preview shows the last valid numbers, unchanged unless those are.
      (analysis.tree !== null || last.analysis.lastValidRates === analysis.lastValidRates);
    const version = same ? last.version : this.next++;
    this.byAnalysis.set(analysis, version);
    this.last.set(uri, { analysis, results, version });
    return version;
  }

  /** The next analysis of `uri` gets a new version whatever it holds (the settings changed, the file was closed). */
  forget(uri: string): void {
    this.last.delete(uri);
  }
}

/** What the transfer view reads of `results`, without the ranges (which move with every edit above the block). */
function resultsKey(analysis: Analysis): string {
  const r = analysis.model.results;
  if (!r) return '';
  const scores = (m: Map<string, { value: number }> | undefined) => (m ? [...m].map(([name, s]) => [name, s.value]) : null);
  return JSON.stringify([
    r.metric?.value ?? null,
    r.higher_is_better?.value ?? null,
    scores(r.single_task),
    scores(r.multi_task),
    r.pairwise ? [...r.pairwise].map(([target, row]) => [target, scores(row.sources)]) : null,
  ]);
}
