// A Hugging Face `datasets` mixture read statically from Python: `interleave_datasets(datasets, probabilities=...,
// seed=..., stopping_strategy=...)` (src/datasets/combine.py). Each dataset is drawn with its probability (numpy's
// Generator.choice, which refuses probabilities that do not sum to 1); without probabilities the datasets
// alternate (equal shares). The datasets are read where they are written: a list literal or a module-level name
// bound to one; each item a `load_dataset(path, name, data_files=...)` call, a name bound to one, or anything else
// (kept without `data`). Names: a one-word comment after the item (`load_dataset(...),  # cola`), else the data
// file's or dataset's name, else the variable's name.
import type { Node } from 'web-tree-sitter';
import type { Range } from '../../types';
import { EngineFileError, MixtureChoiceNeeded, type EngineFile, type ImportedTask, type ImportNote, type ImportResult } from '../model';
import { cleanName, mixtureName, mixtureNameFromFile, NameAllocator, nameFromPath } from '../names';
import { weightProblem } from '../numbers';
import { parsePython } from '../python/pythonParser';
import { argument, callsOf, evaluate, ModuleScope, rangeOfNode, syntaxError, type PyValue } from '../python/pythonValues';

export interface HfSource {
  /** The name the file suggests (comment, data, variable), before making names unique. */
  name: string;
  data?: string;
  /** The `load_dataset` call (or other expression) as written. */
  text: string;
  range: Range;
}

export interface HfInterleave {
  /** The variable the result is assigned to, when it is. */
  variable?: string;
  sources: HfSource[];
  probabilities?: { value: number; range: Range }[];
  seed?: string;
  stoppingStrategy?: string;
  range: Range;
}

const FILE_BUILDERS = new Set(['json', 'csv', 'parquet', 'text', 'arrow', 'pandas', 'webdataset', 'imagefolder', 'audiofolder']);

/** Follows module-level names to the expression they are bound to. */
function resolved(node: Node, scope: ModuleScope): Node {
  let n = node;
  for (let i = 0; i < 50 && n.type === 'identifier'; i++) {
    const bound = scope.lookup(n.text, n.startIndex);
    if (!bound) break;
    n = bound;
  }
  return n;
}

/** A one-word comment right after an item on its line: the name the author gave it. */
function trailingName(item: Node): string | undefined {
  let next = item.nextSibling;
  if (next?.type === ',') next = next.nextSibling;
  if (next?.type !== 'comment' || next.startPosition.row !== item.endPosition.row) return undefined;
  const word = next.text.replace(/^#\s*/, '').trim();
  return /^[A-Za-z0-9_.-]+$/.test(word) ? word : undefined;
}

function short(text: string): string {
  const t = text.replace(/\s+/g, ' ');
  return t.length > 100 ? `${t.slice(0, 97)}...` : t;
}

function sourceOf(item: Node, scope: ModuleScope, index: number): HfSource {
  const variable = item.type === 'identifier' ? item.text : undefined;
  const v = evaluate(item, scope);
  const text = short(v.node.text);
  const hint = trailingName(item);
  const source: HfSource = { name: hint ?? '', text, range: rangeOfNode(item) };
  if (v.kind === 'call' && /(^|\.)load_dataset$/.test(v.callee)) {
    const path = argument(v, 0, 'path');
    const config = argument(v, 1, 'name');
    const files = v.kwargs.get('data_files');
    const pathText = path?.kind === 'string' ? path.value : undefined;
    const fileText = files?.kind === 'string' ? files.value : files?.kind === 'list' && files.items[0]?.kind === 'string' ? files.items[0].value : undefined;
    if (fileText !== undefined && (pathText === undefined || FILE_BUILDERS.has(pathText))) source.data = fileText;
    else if (pathText !== undefined) source.data = pathText;
    if (!source.name) {
      const base = source.data !== undefined ? nameFromPath(source.data) : '';
      source.name = config?.kind === 'string' && source.data === pathText ? cleanName(`${base}_${config.value}`) : base;
    }
  }
  if (!source.name) source.name = variable ?? `dataset_${index + 1}`;
  return source;
}

function probabilitiesOf(v: PyValue, count: number, file: string): { value: number; range: Range }[] | undefined {
  if (v.kind === 'none') return undefined;
  if (v.kind !== 'list' && v.kind !== 'tuple') {
    throw new EngineFileError(`probabilities must be a list of numbers${v.kind === 'opaque' ? ` (${v.why})` : ''}`, file, rangeOfNode(v.node));
  }
  const out = v.items.map((p) => {
    if (p.kind !== 'number') throw new EngineFileError(`probability ${short(p.node.text)} is not a number${p.kind === 'opaque' ? ` (${p.why})` : ''}`, file, rangeOfNode(p.node));
    const problem = weightProblem(p.value);
    if (problem) throw new EngineFileError(`probability ${p.node.text} ${problem}`, file, rangeOfNode(p.node));
    return { value: p.value, range: rangeOfNode(p.node) };
  });
  if (out.length !== count) throw new EngineFileError(`${out.length} probabilities for ${count} datasets: interleave_datasets needs one per dataset`, file, rangeOfNode(v.node));
  const total = out.reduce((a, p) => a + p.value, 0);
  // numpy's Generator.choice: |sum - 1| <= sqrt(machine epsilon).
  if (Math.abs(total - 1) > Math.sqrt(Number.EPSILON)) {
    throw new EngineFileError(`the probabilities sum to ${total}, not 1: interleave_datasets (numpy) refuses them`, file, rangeOfNode(v.node));
  }
  return out;
}

function readInterleave(call: Node, scope: ModuleScope, file: string): HfInterleave {
  const v = evaluate(call, scope);
  if (v.kind !== 'call') throw new EngineFileError('this interleave_datasets call cannot be read', file, rangeOfNode(call));
  const args = call.childForFieldName('arguments')!;
  const positional = args.namedChildren.filter((c): c is Node => !!c && c.type !== 'keyword_argument' && c.type !== 'comment');
  const keyword = (name: string) => args.namedChildren.find((c) => c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === name)?.childForFieldName('value') ?? undefined;
  const datasetsNode = keyword('datasets') ?? positional[0];
  if (!datasetsNode) throw new EngineFileError('interleave_datasets without datasets', file, rangeOfNode(call));
  const list = resolved(datasetsNode, scope);
  if (list.type !== 'list' && list.type !== 'tuple') {
    const v = evaluate(list, scope);
    const why = v.kind === 'opaque' ? v.why : v.kind === 'ref' ? `${v.name} is not bound to a list at module level` : `${short(list.text)} is computed when Python runs`;
    throw new EngineFileError(`the datasets are not a literal list (${why}): TaskMix reads them without running Python`, file, rangeOfNode(datasetsNode));
  }
  const items = list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  if (items.length === 0) throw new EngineFileError('the list of datasets is empty', file, rangeOfNode(list));
  const sources = items.map((item, i) => sourceOf(item, scope, i));
  const out: HfInterleave = { sources, range: rangeOfNode(call) };
  const variable = scope.assignedName(call);
  if (variable) out.variable = variable;
  const probs = argument(v, 1, 'probabilities');
  if (probs) {
    const p = probabilitiesOf(probs, sources.length, file);
    if (p) out.probabilities = p;
  }
  const seed = argument(v, 2, 'seed');
  if (seed) out.seed = seed.node.text;
  const stopping = argument(v, 5, 'stopping_strategy');
  if (stopping) out.stoppingStrategy = stopping.kind === 'string' ? stopping.value : stopping.node.text;
  return out;
}

/** Every `interleave_datasets(...)` call of a Python file. */
export async function readHfInterleaves(file: EngineFile): Promise<HfInterleave[]> {
  const tree = await parsePython(file.text);
  try {
    const bad = syntaxError(tree);
    if (bad) throw new EngineFileError('Python syntax error here: the file cannot be read', file.path, bad);
    const scope = new ModuleScope(tree);
    return callsOf(tree, (callee) => /(^|\.)interleave_datasets$/.test(callee)).map((call) => readInterleave(call, scope, file.path));
  } finally {
    tree.delete();
  }
}

/** `taskmix import --from hf` (`mixture` picks a call by the variable it is assigned to). */
export async function importHf(file: EngineFile, mixture?: string): Promise<ImportResult> {
  const calls = await readHfInterleaves(file);
  if (calls.length === 0) throw new EngineFileError('no interleave_datasets(...) call: this Python file mixes no datasets', file.path, [0, 0]);
  const label = (c: HfInterleave) => c.variable ?? `interleave_datasets@${c.range[0]}`;
  let call: HfInterleave | undefined;
  if (mixture !== undefined) {
    call = calls.find((c) => label(c) === mixture);
    if (!call) throw new EngineFileError(`no interleave_datasets(...) assigned to ${mixture} in this file`, file.path, [0, 0]);
  } else if (calls.length === 1) call = calls[0]!;
  else throw new MixtureChoiceNeeded(file.path, calls.map((c) => ({ name: label(c), range: c.range })));
  const notes: ImportNote[] = [];
  const names = new NameAllocator();
  const entries: ImportedTask[] = call.sources.map((s, i) => {
    const task: ImportedTask = { kind: 'task', name: names.take(s.name, `dataset_${i + 1}`), comments: [] };
    if (s.data !== undefined) task.data = s.data;
    else task.comments.push(`${task.name}: ${s.text}`);
    if (call.probabilities) task.rate = call.probabilities[i]!.value;
    return task;
  });
  const comments: string[] = [];
  if (call.stoppingStrategy) comments.push(`stopping_strategy: ${call.stoppingStrategy}.`);
  if (call.seed) comments.push(`seed: ${call.seed}.`);
  // Several mixtures in one file are told apart by their variables; one takes the file's name.
  const name = calls.length > 1 && call.variable ? mixtureName(call.variable) : mixtureNameFromFile(file.path);
  return { format: 'hf', mixture: { name, sampling: { strategy: call.probabilities ? 'manual' : 'uniform' }, entries, comments }, notes };
}
