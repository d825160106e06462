// Hover text: a task's numbers (declared and counted examples, the raw-rate formula, rate, epochs) and
// an example from its data; a key's documentation; what a strategy or metric does. Names, prefixes, paths and
// records are the user's text: they go through markdown.ts, so that none of them can become a link or markup.
import { basename } from 'node:path';
import type { Analysis, TaskView } from '../core/analyze';
import { METRIC_DOCS, STRATEGY_DOCS, keyDef } from '../core/schema';
import type { TaskRate } from '../core/rates';
import type { TaskEntry } from '../core/types';
import type { FormattedRecord } from '../../../contracts/lsp';
import type { Hit } from './modelLookup';
import { markdownCode, markdownCodeBlock, markdownText } from './markdown';
import { formatCount, formatEpochs, formatPercentExact } from './numbers';
import { effectiveEpochLines, tokenLines } from './tokenHover';
import { engineHoverLines } from './engineView';

const code = markdownCode;

function exampleBlock(file: string, record: FormattedRecord | undefined, error: string | undefined): string[] {
  if (error) return [`*Example:* ${markdownText(error)}`];
  if (!record) return [`*Example:* ${code(basename(file))} has no records.`];
  if (record.error) return [`*Example* (${code(`${basename(file)}:${record.line}`)}): ${markdownText(record.error)}`];
  const target = Array.isArray(record.target) ? record.target.map((t) => JSON.stringify(t)).join(', ') : (record.target ?? '');
  const clip = (s: string) => (s.length > 400 ? `${s.slice(0, 400)}…` : s);
  return [
    `*Example* (${code(`${basename(file)}:${record.line}`)}):`,
    ...markdownCodeBlock([`input:  ${clip(record.input ?? '')}`, `target: ${clip(target)}`], 'text'),
  ];
}

/** Markdown for a task: from the fresh analysis, or from the last valid rates (marked stale) while it has errors. */
export function taskHover(
  analysis: Analysis,
  entry: TaskEntry,
  name: string,
  example?: { file: string; record?: FormattedRecord; error?: string },
): string {
  const view: TaskView | undefined = analysis.tasks.find((t) => t.name === name);
  const stale: TaskRate | undefined = view ? undefined : analysis.lastValidRates?.tasks.find((t) => t.name === name);
  const lines: string[] = [`**${markdownText(name)}**` + (entry.prefix ? ` · prefix ${code(entry.prefix.value)}` : '')];
  const declared = view?.declaredExamples ?? entry.examples?.value;
  const counted = view?.countedExamples;
  const examples: string[] = [];
  if (declared !== undefined) examples.push(`${formatCount(declared)} declared`);
  if (counted !== undefined) examples.push(`${formatCount(counted)} counted in ${code(entry.data?.value ?? 'data')}`);
  if (examples.length) lines.push('', `Examples: ${examples.join(' · ')}`);
  lines.push(...tokenLines(analysis.tokens.get(name), entry, view));
  if (view) {
    lines.push('', `Raw rate: ${code(view.formula || String(view.raw))}`);
    const ep = formatEpochs(view.epochs);
    lines.push('', `Rate: **${formatPercentExact(view.rate)}**` + (ep ? ` · epochs **${ep.replace(' ep', '')}** over the budget` : ' · no budget, so no epochs'));
    lines.push(...effectiveEpochLines(view));
    if (view.paths > 1) lines.push('', `Reached along ${view.paths} include paths; its rate is their sum.`);
    lines.push(...engineHoverLines(analysis, name));
  } else if (stale) {
    const ep = formatEpochs(stale.epochs);
    lines.push('', `Rate: ${formatPercentExact(stale.rate)}` + (ep ? ` · epochs ${ep.replace(' ep', '')}` : '') + ' *(stale: the last valid rates; the file has errors now)*');
  } else {
    lines.push('', '*No rates: the file has errors.*');
  }
  if (example) lines.push('', ...exampleBlock(example.file, example.record, example.error));
  return lines.join('\n');
}

/** Markdown for anything that is not a task name, or null when there is nothing to say. */
export function hoverForHit(hit: Hit): string | null {
  switch (hit.kind) {
    case 'key': {
      const def = keyDef(hit.section, hit.key);
      return def ? `**${markdownText(hit.key)}**${def.required ? ' (required)' : ''}\n\n${def.doc}` : null;
    }
    case 'strategy': {
      const doc = (STRATEGY_DOCS as Record<string, string>)[hit.value];
      return doc ? `**${markdownText(hit.value)}**\n\n${doc}` : null;
    }
    case 'metric': {
      const doc = METRIC_DOCS[hit.value];
      return doc ? `**${markdownText(hit.value)}**\n\n${doc}` : null;
    }
    default:
      return null;
  }
}
