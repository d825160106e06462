// Plans the edit that writes one score into `results.single_task` or `results.multi_task`: it replaces the
// task's value when present, else inserts the entry (creating the map, and `results` itself, when absent),
// in the style of what is there (block or flow maps, the file's indentation). Only the inserted or replaced
// text changes, so comments and formatting elsewhere are kept. Pure: text and model in, offset edits out.
import type { KeyInfo, MixtureModel, Range, TextEdit } from '../core/types';

export interface ResultsScore {
  task: string;
  block: 'single_task' | 'multi_task';
  metric: string;
  value: number;
}

export interface ResultsEditPlan {
  edits: TextEdit[];
  /** Something the user should confirm (the block says its scores are another metric). */
  warning?: string;
  /** Why no edit can be made. */
  error?: string;
}

/** Up to 4 decimals, no trailing zeros: what a person would type. */
export function formatScore(value: number): string {
  return String(Number(value.toFixed(4)));
}

/** A task name as a YAML key: plain when it is an identifier, else double-quoted. */
function yamlKey(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(name) ? name : JSON.stringify(name);
}

export function planResultsEdit(text: string, model: MixtureModel, score: ResultsScore): ResultsEditPlan {
  if (!Number.isFinite(score.value)) return { edits: [], error: `The ${score.metric} score is undefined: there is nothing to write.` };
  const entry = `${yamlKey(score.task)}: ${formatScore(score.value)}`;
  const unit = indentUnit(text);
  const resultsKey = model.keys.find((k) => k.key === 'results');
  if (!resultsKey) {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const lead = text.length === 0 || text.endsWith('\n') ? '' : eol;
    const block = [`results:`, `${unit}metric: ${score.metric}`, `${unit}${score.block}:`, `${unit}${unit}${entry}`].join(eol) + eol;
    return { edits: [{ range: [text.length, text.length], newText: lead + block }] };
  }
  const results = model.results;
  if (resultsKey.valueType === 'null') {
    // `results:` with nothing after it: its entries go on the lines below.
    return { edits: [insertLinesAfter(text, resultsKey.keyRange[1], columnOf(text, resultsKey.keyRange[0]) + unit.length, [`metric: ${score.metric}`, `${score.block}:`, `${unit}${entry}`])] };
  }
  if (resultsKey.valueType !== 'map' || !results) return { edits: [], error: '`results` is not a map: fix it before writing scores.' };

  const warning =
    results.metric && results.metric.value !== score.metric
      ? `results.metric is '${results.metric.value}', but this score is ${score.metric}: the block would mix two metrics.`
      : undefined;
  const withWarning = (plan: ResultsEditPlan): ResultsEditPlan => (warning ? { ...plan, warning } : plan);

  const existing = results[score.block]?.get(score.task);
  if (existing) return withWarning({ edits: [{ range: existing.range, newText: formatScore(score.value) }] });

  const blockKey = results.keys.find((k) => k.key === score.block);
  const edits: TextEdit[] = [];
  if (blockKey && blockKey.valueType === 'map') {
    edits.push(addToMap(text, blockKey.valueRange, keysOfMap(results[score.block]), entry));
  } else if (blockKey && blockKey.valueType === 'null') {
    edits.push(insertLinesAfter(text, blockKey.keyRange[1], columnOf(text, blockKey.keyRange[0]) + unit.length, [entry]));
  } else if (blockKey) {
    return { edits: [], error: `results.${score.block} is not a map: fix it before writing scores.` };
  } else {
    const lines = [...(results.metric ? [] : [`metric: ${score.metric}`]), `${score.block}:`, `${unit}${entry}`];
    const flow = isFlow(text, results.range);
    if (flow) {
      const inner = [...(results.metric ? [] : [`metric: ${score.metric}`]), `${score.block}: {${entry}}`];
      edits.push(insertIntoFlow(text, results.range, results.keys.length > 0, inner.join(', ')));
    } else {
      edits.push(addToMap(text, results.range, results.keys, lines));
    }
  }
  return withWarning({ edits });
}

interface MapItem {
  keyRange: Range;
  valueRange: Range;
}

function keysOfMap(map: ReadonlyMap<string, { nameRange: Range; range: Range }> | undefined): MapItem[] {
  return [...(map?.values() ?? [])].map((v) => ({ keyRange: v.nameRange, valueRange: v.range }));
}

/** Adds entries to a non-empty map: inside the braces of a flow map, else as lines after its last entry. */
function addToMap(text: string, range: Range, items: readonly (MapItem | KeyInfo)[], entry: string | string[]): TextEdit {
  const lines = typeof entry === 'string' ? [entry] : entry;
  if (isFlow(text, range)) return insertIntoFlow(text, range, items.length > 0, lines.join(', '));
  const first = items[0];
  const last = items.reduce<MapItem | KeyInfo | undefined>((a, b) => (!a || b.valueRange[1] > a.valueRange[1] ? b : a), undefined);
  if (!first || !last) return insertLinesAfter(text, range[1], columnOf(text, range[0]), lines);
  return insertLinesAfter(text, Math.max(last.valueRange[1], last.keyRange[1]), columnOf(text, first.keyRange[0]), lines);
}

function isFlow(text: string, range: Range): boolean {
  return text[range[0]] === '{' && text[range[1] - 1] === '}';
}

function insertIntoFlow(text: string, range: Range, nonEmpty: boolean, inner: string): TextEdit {
  const close = range[1] - 1;
  // `{a: 1}` -> `{a: 1, b: 2}`; `{ a: 1 }` keeps its inner spaces around the new entry.
  let at = close;
  while (at > range[0] + 1 && text[at - 1] === ' ') at--;
  return { range: [at, at], newText: nonEmpty ? `, ${inner}` : inner };
}

/** New lines at `column`, after the line holding `offset` (so a comment at that line's end stays on it). */
function insertLinesAfter(text: string, offset: number, column: number, lines: readonly string[]): TextEdit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const pad = ' '.repeat(column);
  const body = lines.map((l) => pad + l).join(eol);
  const lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) return { range: [text.length, text.length], newText: eol + body + eol };
  return { range: [lineEnd + 1, lineEnd + 1], newText: body + eol };
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The file's indentation step: the smallest indentation of a line, else two spaces. */
function indentUnit(text: string): string {
  let smallest = Infinity;
  for (const m of text.matchAll(/^( +)[^ \r\n#]/gm)) smallest = Math.min(smallest, m[1]!.length);
  return ' '.repeat(Number.isFinite(smallest) && smallest <= 8 ? smallest : 2);
}
