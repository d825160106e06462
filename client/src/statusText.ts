// The status-bar text for the active mixture, from the server's taskmix/ratesChanged summary.
// Pure (no vscode import) so it is unit-tested in Node.
import type { MixtureSummary } from '../../contracts/lsp';

export interface StatusView {
  text: string;
  tooltip: string;
}

export function statusView(summary: MixtureSummary, stale: boolean): StatusView {
  const tasks = `${summary.tasks} task${summary.tasks === 1 ? '' : 's'}`;
  const problems: string[] = [];
  if (summary.errors) problems.push(`${summary.errors} error${summary.errors === 1 ? '' : 's'}`);
  if (summary.warnings) problems.push(`${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`);
  const balance =
    summary.normalizedEntropy !== null && summary.effectiveTasks !== null
      ? `H ${summary.normalizedEntropy.toFixed(2)} · ${summary.effectiveTasks.toFixed(1)} effective`
      : null;
  const icon = summary.errors ? '$(error)' : summary.warnings ? '$(warning)' : '$(graph)';
  const text = [`${icon} ${tasks}`, balance, stale && balance ? 'stale' : null].filter(Boolean).join(' · ');
  const tooltipLines = [
    `TaskMix: ${tasks}`,
    balance ? `Normalized entropy ${summary.normalizedEntropy!.toFixed(3)}, ${summary.effectiveTasks!.toFixed(2)} effective tasks` : 'No rates: the file has errors.',
    stale && balance ? 'Stale: the last valid rates; the file has errors now.' : null,
    problems.length ? problems.join(', ') : 'No problems',
  ].filter((l): l is string => l !== null);
  return { text, tooltip: tooltipLines.join('\n') };
}
