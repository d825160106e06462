// "Apply to file" of the Temperature tab: the smallest text edits that set `strategy: temperature`, the chosen
// `temperature` and `cap` in a mixture's `sampling` block. Values are replaced in place and missing keys are
// added on lines of their own, so comments, key order and formatting survive; the host applies every edit in
// one WorkspaceEdit (one undo step).
import { isMap, isScalar, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';

export interface OffsetEdit {
  /** [start, end) character offsets in the original text. */
  range: [number, number];
  newText: string;
}

export type TemperatureEditPlan = { ok: true; edits: OffsetEdit[] } | { ok: false; message: string };

/** How a number is written into YAML: integers exactly (a cap), fractions to 6 significant digits (a slider value). */
export function yamlNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

export function planTemperatureEdit(text: string, temperature: number, cap: number | null): TemperatureEditPlan {
  if (!(temperature > 0) || !Number.isFinite(temperature)) return { ok: false, message: `The temperature must be a number > 0, not ${temperature}.` };
  if (cap !== null && !(cap > 0 && Number.isFinite(cap))) return { ok: false, message: `The cap must be a number > 0 or none, not ${cap}.` };
  const doc = parseDocument(text);
  if (doc.errors.length) return { ok: false, message: `The file has YAML syntax errors (${doc.errors[0]!.message.split('\n')[0]}); fix them first.` };
  const root = doc.contents;
  if (!isMap(root)) return { ok: false, message: 'The file is not a YAML mapping with `mixture:` and `tasks:`.' };
  const wanted: [string, string | null][] = [
    ['strategy', 'temperature'],
    ['temperature', yamlNumber(temperature)],
    ['cap', cap === null ? null : yamlNumber(cap)],
  ];
  const samplingPair = root.items.find((p) => isScalar(p.key) && p.key.value === 'sampling') as Pair<Node, Node | null> | undefined;
  if (!samplingPair) return { ok: true, edits: [insertSamplingBlock(text, root, wanted)] };
  const value = samplingPair.value;
  if (value === null || (isScalar(value) && value.value === null)) {
    const keyEnd = (samplingPair.key as Node).range![1];
    const lineEnd = endOfLine(text, keyEnd);
    const indent = indentOf(text, (samplingPair.key as Node).range![0]) + '  ';
    const lines = wanted.filter(([, v]) => v !== null).map(([k, v]) => `${indent}${k}: ${v}`);
    return { ok: true, edits: [fixInsertAtLineEnd(text)({ range: [lineEnd, lineEnd], newText: lines.join('\n') })] };
  }
  if (!isMap(value)) return { ok: false, message: '`sampling` is not a mapping; write it as `sampling:` with keys under it.' };
  return { ok: true, edits: editSamplingMap(text, value as YAMLMap<Node, Node | null>, wanted) };
}

function editSamplingMap(text: string, map: YAMLMap<Node, Node | null>, wanted: [string, string | null][]): OffsetEdit[] {
  const edits: OffsetEdit[] = [];
  const missing: [string, string][] = [];
  for (const [key, newValue] of wanted) {
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (!pair) {
      if (newValue !== null) missing.push([key, newValue]);
      continue;
    }
    const keyRange = (pair.key as Node).range!;
    const valueNode = pair.value;
    if (newValue === null) {
      edits.push(map.flow ? removeFlowPair(map, pair) : removeLine(text, keyRange[0]));
      continue;
    }
    if (valueNode && valueNode.range && !(isScalar(valueNode) && valueNode.value === null && valueNode.range[0] === valueNode.range[1])) {
      if (isScalar(valueNode) && String(valueNode.source ?? valueNode.value) === newValue) continue;
      edits.push({ range: [valueNode.range[0], valueNode.range[1]], newText: newValue });
    } else edits.push({ range: [keyRange[1], endOfValueAfterColon(text, keyRange[1])], newText: `: ${newValue}` });
  }
  if (missing.length === 0) return edits;
  if (map.flow) {
    const close = map.range![1] - 1;
    const hasItems = map.items.length > 0;
    edits.push({ range: [close, close], newText: `${hasItems ? ', ' : ''}${missing.map(([k, v]) => `${k}: ${v}`).join(', ')}` });
    return edits;
  }
  const first = map.items[0]!;
  const indent = indentOf(text, (first.key as Node).range![0]);
  const last = map.items[map.items.length - 1]!;
  const lastEnd = (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range![1];
  const at = endOfLine(text, lastEnd);
  edits.push(fixInsertAtLineEnd(text)({ range: [at, at], newText: missing.map(([k, v]) => `${indent}${k}: ${v}`).join('\n') }));
  return edits;
}

/** Inserts `text` as whole lines at a line end: a newline before it when needed, after it when at EOF. */
function fixInsertAtLineEnd(text: string) {
  return (e: OffsetEdit): OffsetEdit => {
    const at = e.range[0];
    // `at` is just after a '\n' (start of the next line), or the end of a file without a final newline.
    if (at > 0 && text[at - 1] !== '\n') return { range: e.range, newText: `\n${e.newText}` };
    return { range: e.range, newText: `${e.newText}\n` };
  };
}

function insertSamplingBlock(text: string, root: YAMLMap, wanted: [string, string | null][]): OffsetEdit {
  const block = ['sampling:', ...wanted.filter(([, v]) => v !== null).map(([k, v]) => `  ${k}: ${v}`)].join('\n');
  const tasks = root.items.find((p) => isScalar(p.key) && p.key.value === 'tasks');
  if (tasks) {
    const start = lineStart(text, (tasks.key as Node).range![0]);
    return { range: [start, start], newText: `${block}\n` };
  }
  return fixInsertAtLineEnd(text)({ range: [text.length, text.length], newText: block });
}

function removeLine(text: string, offset: number): OffsetEdit {
  const start = lineStart(text, offset);
  return { range: [start, endOfLine(text, offset)], newText: '' };
}

function removeFlowPair(map: YAMLMap<Node, Node | null>, pair: Pair<Node, Node | null>): OffsetEdit {
  const i = map.items.indexOf(pair);
  const start = (pair.key as Node).range![0];
  const end = (pair.value as Node | null)?.range?.[1] ?? (pair.key as Node).range![1];
  const next = map.items[i + 1];
  if (next) return { range: [start, (next.key as Node).range![0]], newText: '' };
  const prev = map.items[i - 1];
  const from = prev ? ((prev.value as Node | null)?.range?.[1] ?? (prev.key as Node).range![1]) : start;
  return { range: [from, end], newText: '' };
}

/** Offset just after the '\n' that ends the line holding `offset` (or the text's end). */
function endOfLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function indentOf(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return text.slice(start, offset).replace(/\S.*$/, '').replace(/[^ \t]/g, ' ');
}

/** For `key:` with an empty value: the end of the `:` (the value is written right after it). */
function endOfValueAfterColon(text: string, keyEnd: number): number {
  const colon = text.indexOf(':', keyEnd);
  return colon < 0 ? keyEnd : colon + 1;
}

/** Applies non-overlapping edits to a text (tests and previews; the host lets VS Code apply them). */
export function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range[0] - a.range[0] || b.range[1] - a.range[1]);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range[0]) + e.newText + out.slice(e.range[1]);
  return out;
}
