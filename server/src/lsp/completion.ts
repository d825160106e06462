// Completion: keys valid at the cursor (with their docs), strategy values, metric names, task names inside
// `results`, and file paths for `data`, `eval` and `include`. The cursor's place comes from the text
// (cursorContext), so it works on the half-written lines that do not parse yet.
import { readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Range as LspRange,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../core/analyze';
import { ENGINE_DOCS, ENGINE_NAMES, METRIC_DOCS, METRIC_NAMES, SECTIONS, STRATEGY_DOCS, STRATEGY_NAMES, UNIT_DOCS, UNIT_NAMES, type KeyDef, type SectionName } from '../core/schema';
import { cursorContext, type CursorContext } from './cursorContext';

function sectionOf(path: readonly string[], siblings: readonly string[]): SectionName | 'taskNames' | undefined {
  const p = path.join('/');
  switch (p) {
    case '':
      return 'top';
    case 'sampling':
    case 'budget':
    case 'results':
      return p;
    case 'tasks/*':
      return siblings.includes('include') ? 'include' : 'task';
    case 'tasks/*/fields':
      return 'fields';
    case 'results/single_task':
    case 'results/multi_task':
    case 'results/pairwise':
      return 'taskNames';
  }
  if (path.length === 3 && path[0] === 'results' && path[1] === 'pairwise') return 'taskNames';
  return undefined;
}

function keyItem(def: KeyDef, range: LspRange): CompletionItem {
  const nested = def.value.kind === 'section' || def.value.kind === 'scoreMap' || def.value.kind === 'pairwiseMap';
  const list = def.value.kind === 'stringList' || def.value.kind === 'entries';
  // A nested map or list goes on the next lines; VS Code indents a snippet's lines like the line it is on.
  const insert = nested ? `${def.key}:\n  $0` : list && def.key === 'tasks' ? `${def.key}:\n  - name: $1\n    prefix: "$2"$0` : `${def.key}: $0`;
  return {
    label: def.key,
    kind: CompletionItemKind.Property,
    detail: def.required ? 'required' : undefined,
    documentation: { kind: MarkupKind.Markdown, value: def.doc },
    textEdit: { range, newText: insert },
    insertTextFormat: InsertTextFormat.Snippet,
    // Required keys first, then the format's own order.
    sortText: `${def.required ? 0 : 1}${String(SECTIONS.top.keys.indexOf(def)).padStart(2, '0')}${def.key}`,
  };
}

function valueItems(values: readonly string[], docs: Record<string, string>, range: LspRange, kind: CompletionItemKind): CompletionItem[] {
  return values.map((v) => ({
    label: v,
    kind,
    documentation: docs[v] ? { kind: MarkupKind.Markdown, value: docs[v]! } : undefined,
    textEdit: { range, newText: v },
  }));
}

/** Task names of the mixture: its own items, and those that come through includes. */
function taskNames(analysis: Analysis): string[] {
  const names = new Set<string>();
  for (const e of analysis.model.tasks) if (e.kind === 'task' && e.name) names.add(e.name.value);
  for (const t of analysis.tasks) names.add(t.name);
  for (const t of analysis.lastValidRates?.tasks ?? []) names.add(t.name);
  return [...names];
}

/** Entries of the folder the typed path points into: folders, and files with the wanted extensions. */
function pathItems(file: string, typed: string, wanted: (name: string) => boolean, doc: TextDocument, offset: number): CompletionItem[] {
  const slash = typed.lastIndexOf('/');
  const folder = resolve(dirname(file), typed.slice(0, slash + 1) || '.');
  const range = { start: doc.positionAt(offset - (typed.length - slash - 1)), end: doc.positionAt(offset) };
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const items: CompletionItem[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    if (e.isDirectory()) {
      items.push({
        label: `${e.name}/`,
        kind: CompletionItemKind.Folder,
        textEdit: { range, newText: `${e.name}/` },
        command: { title: 'Suggest', command: 'editor.action.triggerSuggest' },
        sortText: `0${e.name}`,
      });
    } else if (e.isFile() && wanted(e.name)) {
      items.push({ label: e.name, kind: CompletionItemKind.File, textEdit: { range, newText: e.name }, sortText: `1${e.name}` });
    }
  }
  return items;
}

/** The formats the core reads (core/data's `supportedExtensions`). */
function isDataFile(name: string): boolean {
  return /\.(jsonl|json|csv|tsv)(\.gz)?$|\.parquet$/i.test(name);
}
function isMixtureFile(name: string): boolean {
  return /\.mixture\.ya?ml$/i.test(name);
}

/** Completions at offset; `file` is the document's path (paths complete relative to it). */
export function complete(doc: TextDocument, file: string, analysis: Analysis | null, offset: number): CompletionItem[] {
  const text = doc.getText();
  const ctx: CursorContext = cursorContext(text, offset);
  const range = { start: doc.positionAt(ctx.replace[0]), end: doc.positionAt(ctx.replace[1]) };

  if (ctx.kind === 'key' || (ctx.kind === 'value' && ctx.inFlow === 'map' && ctx.key === ctx.path[ctx.path.length - 1] && !ctx.prefix.includes(':'))) {
    const section = ctx.kind === 'key' ? sectionOf(ctx.path, ctx.siblings) : sectionOf(ctx.path, []);
    if (section === 'taskNames') {
      const used = new Set(ctx.siblings);
      return (analysis ? taskNames(analysis) : [])
        .filter((n) => !used.has(n))
        .map((n) => ({ label: n, kind: CompletionItemKind.Reference, textEdit: { range, newText: `${n}: ` } }));
    }
    if (!section || ctx.kind !== 'key') return [];
    const used = new Set(ctx.siblings);
    return SECTIONS[section].keys.filter((k) => k.value.kind !== 'foreign' && !used.has(k.key)).map((k) => keyItem(k, range));
  }

  if (ctx.kind === 'item') {
    const p = ctx.path.join('/');
    if (p === 'tasks') {
      return [
        { label: 'name', kind: CompletionItemKind.Snippet, detail: 'a task', documentation: { kind: MarkupKind.Markdown, value: SECTIONS.task.keys[0]!.doc }, textEdit: { range, newText: 'name: $1\n  prefix: "$2"$0' }, insertTextFormat: InsertTextFormat.Snippet, sortText: 'a0' },
        { label: 'include', kind: CompletionItemKind.Snippet, detail: 'a sub-mixture', documentation: { kind: MarkupKind.Markdown, value: SECTIONS.include.keys[0]!.doc }, textEdit: { range, newText: 'include: $0' }, insertTextFormat: InsertTextFormat.Snippet, sortText: 'a1', command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } },
        // Any key may open a task's map, so typing `sc` on a new item finds `scale` (after name and include). Keys
        // whose value goes on the lines below are left out: their snippet's indentation is relative to the `- `.
        ...SECTIONS.task.keys
          .filter((k) => k.value.kind !== 'foreign' && k.key !== 'name')
          .map((k) => ({ ...keyItem(k, range), sortText: `b${k.key}` }))
          .filter((item) => !(item.textEdit && 'newText' in item.textEdit && item.textEdit.newText.includes('\n'))),
      ];
    }
    if (p === 'tasks/*/metrics') return valueItems(METRIC_NAMES, METRIC_DOCS, range, CompletionItemKind.EnumMember);
    return [];
  }

  // A value. Right after the colon (a trigger character) the value needs its space.
  const p = ctx.path.join('/');
  if (ctx.replace[0] > 0 && text[ctx.replace[0] - 1] === ':') return withSpace(valueCompletions(p, ctx, file, doc, offset, range));
  return valueCompletions(p, ctx, file, doc, offset, range);
}

function withSpace(items: CompletionItem[]): CompletionItem[] {
  for (const item of items) if (item.textEdit && 'newText' in item.textEdit) item.textEdit.newText = ` ${item.textEdit.newText}`;
  return items;
}

function valueCompletions(p: string, ctx: CursorContext, file: string, doc: TextDocument, offset: number, range: LspRange): CompletionItem[] {
  if (p === 'sampling/strategy') return valueItems(STRATEGY_NAMES, STRATEGY_DOCS, range, CompletionItemKind.EnumMember);
  if (p === 'sampling/unit') return valueItems(UNIT_NAMES, UNIT_DOCS, range, CompletionItemKind.EnumMember);
  if (p === 'engine') return valueItems(ENGINE_NAMES, ENGINE_DOCS, range, CompletionItemKind.EnumMember);
  if (p === 'tokenizer') return pathItems(file, ctx.prefix, (name) => /\.json$/i.test(name), doc, offset);
  if (p === 'tasks/*/metrics' || p === 'results/metric') return valueItems(METRIC_NAMES, METRIC_DOCS, range, CompletionItemKind.EnumMember);
  if (p === 'results/higher_is_better') return valueItems(['true', 'false'], {}, range, CompletionItemKind.Value);
  if ((p === 'tasks/*/data' || p === 'tasks/*/eval')) return pathItems(file, ctx.prefix, isDataFile, doc, offset);
  if (p === 'tasks/*/include') return pathItems(file, ctx.prefix, isMixtureFile, doc, offset);
  return [];
}
