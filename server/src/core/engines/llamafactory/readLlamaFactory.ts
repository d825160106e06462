// A LLaMA-Factory training YAML (`dataset`, `dataset_dir`, `mix_strategy`, `interleave_probs`) with the
// dataset_info.json that defines its datasets (src/llamafactory/data/parser.py get_dataset_list;
// data/data_utils.py merge_dataset):
// - one dataset is used as it is;
// - `concat` (the default) concatenates the datasets: each example once, so dataset i is drawn in proportion to its
//   size (its `num_samples` in dataset_info.json when given, which LLaMA-Factory samples to);
// - `interleave_under` / `interleave_over` / `interleave_once` interleave them with `interleave_probs` (datasets'
//   interleave_datasets: probabilities that must sum to 1), or round-robin without them (equal shares).
// LLaMA-Factory reads dataset_info.json from `dataset_dir` (default `data`) relative to where it runs: the folder of
// the YAML, then each folder above it, is searched.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import type { Node } from 'yaml';
import type { Range } from '../../types';
import { EngineFileError, type EngineFile, type ImportedTask, type ImportNote, type ImportResult } from '../model';
import { mixtureNameFromFile } from '../names';
import { pythonFloatValue, weightProblem } from '../numbers';
import { isMap, isScalar, isSeq, rangeOf, readJson, readYaml, scalarValue, valueAt } from '../yamlSource';

const STRATEGIES = ['concat', 'interleave_under', 'interleave_over', 'interleave_once'];
const STOPPING: Readonly<Record<string, string>> = { interleave_under: 'first_exhausted', interleave_over: 'all_exhausted', interleave_once: 'all_exhausted_without_replacement' };

interface Item {
  text: string;
  range: Range;
}

/** split_arg: a comma-separated string, or a list, each item with its offsets. */
function items(node: Node, file: EngineFile, what: string): Item[] {
  if (isSeq(node)) {
    return node.items.map((n) => {
      const v = scalarValue(n as Node);
      if (typeof v !== 'string' && typeof v !== 'number') throw new EngineFileError(`${what}: each item is a name or a number`, file.path, rangeOf(n as Node));
      return { text: String(v), range: rangeOf(n as Node) };
    });
  }
  const v = scalarValue(node);
  if (typeof v === 'number') return [{ text: String(v), range: rangeOf(node) }];
  if (typeof v !== 'string') throw new EngineFileError(`${what} is a comma-separated string or a list`, file.path, rangeOf(node));
  // Offsets of each item inside the scalar: exact for plain and simply quoted values.
  const raw = file.text.slice(rangeOf(node)[0], rangeOf(node)[1]);
  const base = rangeOf(node)[0] + (raw.startsWith('"') || raw.startsWith("'") ? 1 : 0);
  const out: Item[] = [];
  let at = 0;
  for (const part of v.split(',')) {
    const lead = part.length - part.trimStart().length;
    out.push({ text: part.trim(), range: [base + at + lead, base + at + lead + part.trim().length] });
    at += part.length + 1;
  }
  return out;
}

/** The dataset_info.json LLaMA-Factory would open: `dataset_dir` beside the YAML or in a folder above it. */
function findDatasetInfo(yamlPath: string, datasetDir: string): string | undefined {
  if (isAbsolute(datasetDir)) {
    const p = join(datasetDir, 'dataset_info.json');
    return existsSync(p) ? p : undefined;
  }
  for (let dir = dirname(yamlPath); ; dir = dirname(dir)) {
    const p = join(dir, datasetDir, 'dataset_info.json');
    if (existsSync(p)) return p;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Where a dataset's data is, as dataset_info.json writes it (parser.py: hub urls first, then script, cloud, file). */
function dataOf(entry: Record<string, unknown>, datasetDir: string): { data?: string; comments: string[] } {
  const comments: string[] = [];
  for (const key of ['hf_hub_url', 'ms_hub_url', 'om_hub_url', 'script_url', 'cloud_file_name']) {
    if (typeof entry[key] === 'string') {
      for (const extra of ['subset', 'split']) if (typeof entry[extra] === 'string') comments.push(`${extra}: ${entry[extra]}`);
      return { data: entry[key], comments: [`${key}: ${entry[key]}`, ...comments] };
    }
  }
  if (typeof entry.file_name === 'string') {
    return { data: datasetDir === '.' ? entry.file_name : `${datasetDir.replace(/[\\/]+$/, '')}/${entry.file_name}`, comments };
  }
  return { comments };
}

/** One dataset of the config, as its dataset_info.json entry defines it. */
export interface LlamaFactoryDataset {
  name: string;
  /** Where the name is written in the config. */
  range: Range;
  /** `dataset_dir/file_name`, or the hub or script id, as written. */
  data?: string;
  fields?: { input: string; target: string };
  numSamples?: number;
  /** What the entry says that TaskMix has no key for (hub ids, subsets, splits). */
  comments: string[];
}

/** The plain model of a LLaMA-Factory config's mixture. */
export interface LlamaFactoryConfig {
  datasets: LlamaFactoryDataset[];
  strategy: string;
  /** interleave_probs, one per dataset. */
  probabilities?: number[];
  maxSamples?: number;
  datasetDir: string;
  /** The dataset_info.json read (absent for dataset_dir ONLINE). */
  datasetInfoPath?: string;
  /** The config's keys that shape the data but have no place in a mixture, as written. */
  extras: { key: string; text: string }[];
  /** Where `dataset` is written. */
  range: Range;
}

/** Reads a config and its dataset_info.json. `datasetInfo` overrides the search (tests, or a file given explicitly). */
export function readLlamaFactoryConfig(file: EngineFile, datasetInfo?: EngineFile): LlamaFactoryConfig {
  const root = readYaml(file).contents;
  if (!isMap(root)) throw new EngineFileError('a LLaMA-Factory training config is a YAML mapping', file.path, [0, file.text.length]);
  const datasetNode = valueAt(root, 'dataset');
  if (!datasetNode) throw new EngineFileError('no `dataset`: this training config names no datasets', file.path, [0, 0]);
  const datasets = items(datasetNode, file, 'dataset').filter((d) => d.text !== '');
  if (datasets.length === 0) throw new EngineFileError('`dataset` is empty', file.path, rangeOf(datasetNode));
  const dirNode = valueAt(root, 'dataset_dir');
  const datasetDir = typeof scalarValue(dirNode) === 'string' ? (scalarValue(dirNode) as string) : 'data';
  const strategyNode = valueAt(root, 'mix_strategy');
  const strategy = strategyNode ? scalarValue(strategyNode) : 'concat';
  if (typeof strategy !== 'string' || !STRATEGIES.includes(strategy)) {
    throw new EngineFileError(`mix_strategy must be one of ${STRATEGIES.join(', ')}`, file.path, rangeOf(strategyNode));
  }
  const probsNode = valueAt(root, 'interleave_probs');
  let probs: { value: number; range: Range }[] | undefined;
  if (probsNode && !(isScalar(probsNode) && probsNode.value === null)) {
    if (strategy === 'concat') throw new EngineFileError('`interleave_probs` is only valid for interleaved mixing (mix_strategy is concat)', file.path, rangeOf(probsNode));
    probs = items(probsNode, file, 'interleave_probs').map((p) => {
      const value = pythonFloatValue(p.text);
      if (value === undefined) throw new EngineFileError(`interleave_probs: ${JSON.stringify(p.text)} is not a number`, file.path, p.range);
      const problem = weightProblem(value);
      if (problem) throw new EngineFileError(`interleave_probs: ${p.text} ${problem}`, file.path, p.range);
      return { value, range: p.range };
    });
    if (probs.length !== datasets.length) {
      throw new EngineFileError(`${probs.length} interleave_probs for ${datasets.length} datasets: LLaMA-Factory requires one per dataset`, file.path, rangeOf(probsNode));
    }
    const total = probs.reduce((a, p) => a + p.value, 0);
    // numpy's Generator.choice (under interleave_datasets) refuses probabilities that do not sum to 1 within sqrt(eps).
    if (Math.abs(total - 1) > Math.sqrt(Number.EPSILON)) {
      throw new EngineFileError(`interleave_probs sum to ${total}, not 1: interleave_datasets (numpy) refuses them`, file.path, rangeOf(probsNode));
    }
  }

  // The datasets' definitions.
  let entries: Record<string, Record<string, unknown>> | undefined;
  let infoPath: string | undefined;
  if (datasetDir !== 'ONLINE') {
    infoPath = datasetInfo?.path ?? findDatasetInfo(file.path, datasetDir);
    if (!infoPath) {
      throw new EngineFileError(
        `dataset_info.json not found in dataset_dir "${datasetDir}" beside this file or in a folder above it: LLaMA-Factory reads the datasets' definitions from it`,
        file.path,
        dirNode ? rangeOf(dirNode) : rangeOf(datasetNode),
      );
    }
    const info: EngineFile = datasetInfo ?? { path: infoPath, text: readFileSync(infoPath, 'utf8') };
    readJson(info);
    const parsed = JSON.parse(info.text) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new EngineFileError('dataset_info.json is a JSON object of dataset definitions', info.path, [0, info.text.length]);
    entries = parsed as Record<string, Record<string, unknown>>;
  }

  const defined: LlamaFactoryDataset[] = datasets.map((d) => {
    if (!entries) return { name: d.text, range: d.range, data: d.text, comments: ['dataset_dir ONLINE: a hub dataset'] };
    const entry = entries[d.text];
    if (!entry || typeof entry !== 'object') {
      throw new EngineFileError(`dataset "${d.text}" is not defined in ${infoPath} (LLaMA-Factory: "Undefined dataset ${d.text} in dataset_info.json")`, file.path, d.range);
    }
    const { data, comments } = dataOf(entry, datasetDir);
    const out: LlamaFactoryDataset = { name: d.text, range: d.range, comments };
    if (data !== undefined) out.data = data;
    if (data !== undefined && typeof entry.file_name === 'string') out.fields = fieldsOf(entry);
    if (typeof entry.num_samples === 'number') out.numSamples = entry.num_samples;
    return out;
  });
  const config: LlamaFactoryConfig = { datasets: defined, strategy, datasetDir, extras: [], range: rangeOf(datasetNode) };
  if (probs) config.probabilities = probs.map((p) => p.value);
  if (infoPath) config.datasetInfoPath = infoPath;
  const maxSamples = scalarValue(valueAt(root, 'max_samples'));
  if (typeof maxSamples === 'number' && maxSamples > 0) config.maxSamples = maxSamples;
  for (const key of ['eval_dataset', 'max_samples', 'streaming', 'val_size']) {
    const v = valueAt(root, key);
    if (v !== undefined) config.extras.push({ key, text: file.text.slice(rangeOf(v)[0], rangeOf(v)[1]) });
  }
  return config;
}

/** `taskmix import --from llamafactory`. */
export function importLlamaFactory(file: EngineFile, datasetInfo?: EngineFile): ImportResult {
  const notes: ImportNote[] = [];
  const config = readLlamaFactoryConfig(file, datasetInfo);
  const { strategy, datasetDir, datasetInfoPath: infoPath } = config;
  const tasks: ImportedTask[] = config.datasets.map((d, i) => {
    const task: ImportedTask = { kind: 'task', name: d.name, comments: d.comments.map((c) => `${d.name}: ${c}`) };
    if (d.data !== undefined) task.data = d.data;
    if (d.fields) task.fields = d.fields;
    if (d.numSamples !== undefined) task.examples = d.numSamples;
    if (config.probabilities) task.rate = config.probabilities[i]!;
    return task;
  });
  const name = mixtureNameFromFile(file.path);
  const comments = [
    ...(infoPath ? [`Data paths are relative to ${infoRoot(file.path, infoPath, datasetDir)} (where LLaMA-Factory runs): write this mixture there, or adjust them.`] : []),
    `mix_strategy: ${strategy}${STOPPING[strategy] ? ` (interleave_datasets stopping_strategy="${STOPPING[strategy]}")` : ''}.`,
  ];
  // max_samples truncates every dataset (data/loader.py): under concat, the cap K of the proportional rates.
  const cap = strategy === 'concat' ? config.maxSamples : undefined;
  for (const e of config.extras) if (!(e.key === 'max_samples' && cap !== undefined)) comments.push(`${e.key}: ${e.text} (not carried).`);
  if (tasks.length === 1) return { format: 'llamafactory', mixture: { name, sampling: { strategy: 'uniform' }, entries: tasks, comments }, notes };
  if (strategy !== 'concat') {
    return { format: 'llamafactory', mixture: { name, sampling: { strategy: config.probabilities ? 'manual' : 'uniform' }, entries: tasks, comments }, notes };
  }
  if (tasks.some((t) => t.examples === undefined)) {
    notes.push({
      severity: 'warning',
      message: `mix_strategy concat draws each dataset in proportion to its size: TaskMix counts each \`data\` where the file is present (paths are relative to ${infoRoot(file.path, infoPath, datasetDir)}, where LLaMA-Factory runs); add \`examples:\` where it is not`,
      file: file.path,
      range: config.range,
    });
  }
  return { format: 'llamafactory', mixture: { name, sampling: { strategy: 'proportional', ...(cap !== undefined ? { cap } : {}) }, entries: tasks, comments }, notes };
}

/** The folder LLaMA-Factory runs in (the one that holds dataset_dir), relative to the YAML's folder. */
function infoRoot(yamlPath: string, infoPath: string | undefined, datasetDir: string): string {
  if (!infoPath || isAbsolute(datasetDir)) return 'the folder LLaMA-Factory runs in';
  let root = dirname(infoPath);
  for (const part of datasetDir.split(/[\\/]+/).filter((p) => p !== '' && p !== '.')) if (part !== '..') root = dirname(root);
  const rel = relative(dirname(yamlPath), root);
  return rel === '' ? "this file's folder" : rel;
}

/** The record keys LLaMA-Factory reads as prompt and response (parser.py DatasetAttr: alpaca's instruction and
 *  output by default; sharegpt's messages column holds both). */
function fieldsOf(entry: Record<string, unknown>): { input: string; target: string } {
  const columns = (entry.columns && typeof entry.columns === 'object' ? entry.columns : {}) as Record<string, unknown>;
  const column = (key: string, fallback: string) => (typeof columns[key] === 'string' ? (columns[key] as string) : fallback);
  if (entry.formatting === 'sharegpt') {
    const messages = column('messages', 'conversations');
    return { input: messages, target: messages };
  }
  return { input: column('prompt', 'instruction'), target: column('response', 'output') };
}
