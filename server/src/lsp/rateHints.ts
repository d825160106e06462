// Rates shown in the text: an inlay hint after each task name (and each include), and the summary lens
// on `tasks:`. While the file has errors they show the last valid rates, marked stale, so that typing
// does not make them flicker (spec: "With errors").
import { type CodeLens, type InlayHint, InlayHintKind, type Range as LspRange } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../core/analyze';
import { DEFAULT_MAX_EPOCHS } from '../core/validate';
import type { MixtureSummary } from '../../../contracts/lsp';
import { EvaluateTaskCommand, ShowBalancePreviewCommand, TryInPlaygroundCommand } from '../../../contracts/commands';
import { countBySeverity } from './diagnostics';
import { formatPercent, rateLabel } from './numbers';
import { tokenHintSuffix } from './tokenHover';
import { engineHintSuffix } from './engineView';

interface ShownRate {
  rate: number;
  epochs: number | null;
  /** Share of the training tokens, when every task's tokens are known. */
  tokenShare: number | null;
  tokensEstimated: boolean;
}

/** Rate and epochs by task name, and whether they are the stale last-valid ones. */
export function shownRates(analysis: Analysis): { byName: Map<string, ShownRate>; stale: boolean } | null {
  const rates = analysis.rates ?? analysis.lastValidRates;
  if (!rates) return null;
  return {
    byName: new Map(rates.tasks.map((t) => [t.name, { rate: t.rate, epochs: t.epochs, tokenShare: t.token_share ?? null, tokensEstimated: t.tokens_estimated === true }])),
    stale: analysis.rates === null,
  };
}

/** The epochs the too-many-epochs warning compares with: the file's `budget.max_epochs`, else the setting. */
export function epochThreshold(analysis: Analysis, settingMaxEpochs = DEFAULT_MAX_EPOCHS): number {
  return analysis.model.budget?.max_epochs?.value ?? settingMaxEpochs;
}

/** `maxEpochs`: the `taskmix.maxEpochs` setting, so that epochs near it read as the warning writes them. */
export function inlayHints(doc: TextDocument, analysis: Analysis, range: LspRange, maxEpochs?: number): InlayHint[] {
  const threshold = epochThreshold(analysis, maxEpochs);
  const shown = shownRates(analysis);
  if (!shown) return [];
  const from = doc.offsetAt(range.start);
  const to = doc.offsetAt(range.end);
  const hints: InlayHint[] = [];
  const tooltip = shown.stale ? 'Stale: the last valid rates. The file has errors now.' : undefined;
  // Tasks reached through an include are summed under the include's item.
  const includeShare = new Map<number, { rate: number; tasks: number }>();
  // Task views are built on first read (a cost per keystroke at 10,000 tasks): only files with includes need them.
  if (!shown.stale && analysis.model.tasks.some((e) => e.kind === 'include')) {
    for (const t of analysis.tasks) {
      if (t.file === analysis.file && t.via.length <= 1) continue;
      const at = t.rootEntryRange[0];
      const s = includeShare.get(at) ?? { rate: 0, tasks: 0 };
      s.rate += t.rate;
      s.tasks++;
      includeShare.set(at, s);
    }
  }
  for (const entry of analysis.model.tasks) {
    if (entry.range[1] < from) continue;
    if (entry.range[0] > to) break;
    let label: string | undefined;
    let at: number | undefined;
    if (entry.kind === 'task' && entry.name) {
      const r = shown.byName.get(entry.name.value);
      if (!r) continue;
      label = rateLabel(r.rate, r.epochs, threshold) + tokenHintSuffix(r.tokenShare, r.tokensEstimated) + (shown.stale ? '' : engineHintSuffix(analysis, entry.name.value));
      at = entry.name.range[1];
    } else if (entry.kind === 'include') {
      const s = includeShare.get(entry.range[0]);
      if (!s) continue;
      label = `${formatPercent(s.rate)} · ${s.tasks} task${s.tasks === 1 ? '' : 's'}`;
      at = entry.include.range[1];
    }
    if (label === undefined || at === undefined || at < from || at > to) continue;
    const hint: InlayHint = {
      position: doc.positionAt(at),
      label: shown.stale ? `${label} (stale)` : label,
      kind: InlayHintKind.Type,
      paddingLeft: true,
    };
    if (tooltip) hint.tooltip = tooltip;
    hints.push(hint);
  }
  return hints;
}

export function summarize(analysis: Analysis): MixtureSummary {
  const rates = analysis.rates ?? analysis.lastValidRates;
  const { errors, warnings } = countBySeverity(analysis.diagnostics);
  const ownTasks = analysis.model.tasks.filter((e) => e.kind === 'task').length;
  return {
    tasks: rates ? rates.tasks.length : ownTasks,
    normalizedEntropy: rates ? rates.balance.normalized_entropy : null,
    effectiveTasks: rates ? rates.balance.effective_tasks : null,
    errors,
    warnings,
  };
}

/** `9 tasks · H 0.87 · 6.2 effective · Preview balance` */
export function summaryText(s: MixtureSummary, stale: boolean, withPreview: boolean): string {
  const parts = [`${s.tasks} task${s.tasks === 1 ? '' : 's'}`];
  if (s.normalizedEntropy !== null && s.effectiveTasks !== null) {
    parts.push(`H ${s.normalizedEntropy.toFixed(2)}`, `${s.effectiveTasks.toFixed(1)} effective`);
  } else {
    parts.push('fix the errors to see rates');
  }
  if (stale && s.normalizedEntropy !== null) parts.push('stale');
  if (withPreview) parts.push('Preview balance');
  return parts.join(' · ');
}

export function codeLenses(doc: TextDocument, analysis: Analysis, commands: ReadonlySet<string>): CodeLens[] {
  const lenses: CodeLens[] = [];
  const model = analysis.model;
  if (model.tasksKey) {
    const preview = commands.has(ShowBalancePreviewCommand);
    const title = summaryText(summarize(analysis), analysis.rates === null, preview);
    const range = { start: doc.positionAt(model.tasksKey[0]), end: doc.positionAt(model.tasksKey[1]) };
    // Without the command (another editor, or no preview), the lens is a plain label.
    lenses.push({ range, command: { title, command: preview ? ShowBalancePreviewCommand : '', arguments: preview ? [doc.uri] : [] } });
  }
  const play = commands.has(TryInPlaygroundCommand);
  const evaluate = commands.has(EvaluateTaskCommand);
  if (play || evaluate) {
    // One per task, so a 10,000-task file sends only ranges: the editor resolves the lenses it shows.
    for (const entry of model.tasks) {
      if (entry.kind !== 'task' || !entry.name) continue;
      const range = { start: doc.positionAt(entry.range[0]), end: doc.positionAt(entry.name.range[1]) };
      if (play) lenses.push({ range, data: { uri: doc.uri, task: entry.name.value } satisfies PlaygroundLensData });
      if (evaluate && entry.eval) lenses.push({ range, data: { uri: doc.uri, task: entry.name.value, action: 'evaluate' } satisfies PlaygroundLensData });
    }
  }
  return lenses;
}

export interface PlaygroundLensData {
  uri: string;
  task: string;
  /** Absent: "Try in playground". */
  action?: 'evaluate';
}

/** Fills in the command of a lens sent without one (the per-task playground lens). */
export function resolveCodeLens(lens: CodeLens): CodeLens {
  const data = lens.data as Partial<PlaygroundLensData> | undefined;
  if (!lens.command && typeof data?.uri === 'string' && typeof data.task === 'string') {
    lens.command =
      data.action === 'evaluate'
        ? { title: 'Evaluate task', command: EvaluateTaskCommand, arguments: [data.uri, data.task] }
        : { title: 'Try in playground', command: TryInPlaygroundCommand, arguments: [data.uri, data.task] };
  }
  return lens;
}
