// The table of `taskmix rates`: each task's examples, rate (the probability of drawing an example) and epochs, and,
// when every task's tokens are known, its tokens and its share of the training tokens beside the rate ("~" marks a
// count estimated from the first records of a file over the counting limit).
import type { RatesResult } from '../core/rates';
import { formatNumber, formatPercent, renderTable } from './table';

export function ratesTable(rates: RatesResult): string {
  const withTokens = rates.tasks.every((t) => t.token_share != null);
  const header = withTokens ? ['task', 'examples', 'tokens', 'rate', 'token share', 'epochs'] : ['task', 'examples', 'rate', 'epochs'];
  const rows = rates.tasks.map((t) => {
    const name = t.via.length > 1 ? `${t.via.slice(1).join('/')}/${t.name}` : t.name;
    if (!withTokens) return [name, formatNumber(t.examples), formatPercent(t.rate), formatNumber(t.epochs)];
    const tokens = `${t.tokens_estimated ? '~' : ''}${formatNumber(t.tokens ?? null)}`;
    return [name, formatNumber(t.examples), tokens, formatPercent(t.rate), formatPercent(t.token_share!), formatNumber(t.epochs)];
  });
  const table = renderTable(header, rows, header.map((_, i) => i > 0));
  const estimated = rates.tasks.some((t) => t.tokens_estimated);
  return estimated ? `${table}~ estimated from the first records (the data file is over the counting limit)\n` : table;
}

/** ` · 2,000,000 tokens drawn` when the budget is in tokens. */
export function tokensDrawnText(rates: RatesResult): string {
  return rates.tokens_drawn !== undefined ? ` · ${formatNumber(rates.tokens_drawn)} tokens drawn` : '';
}
