// An llm-foundry / MosaicML streaming YAML: `train_loader.dataset.streams` (else `dataset.streams`, else `streams`),
// a mapping of stream name to its keyword arguments (streaming's Stream), with the dataset's `epoch_size`.
// streaming/base/stream.py apply_weights decides what the weights mean:
// - every stream has `proportion`: relative weights, normalized (the epoch has `epoch_size` samples, default all);
// - no stream has a weight but `epoch_size` is set: each stream in proportion to its samples;
// - otherwise absolute: a stream gives `repeat` x its samples, `choose` samples, or all its samples once.
// Mixing relative and absolute weights, or absolute weights with `epoch_size`, raises ValueError there: here too.
import type { Node } from 'yaml';
import type { Range } from '../../types';
import { suggest } from '../../validate/didYouMean';
import { EngineFileError, type EngineFile, type ImportedTask, type ImportNote, type ImportResult } from '../model';
import { mixtureNameFromFile, NameAllocator } from '../names';
import { weightProblem } from '../numbers';
import { isMap, isScalar, isSeq, keysOf, rangeOf, readYaml, scalarValue, valueAt, valueAtPath } from '../yamlSource';

/** Stream's keyword arguments (streaming/base/stream.py __init__). */
const STREAM_KEYS = ['remote', 'local', 'split', 'proportion', 'repeat', 'choose', 'download_retry', 'download_timeout', 'validate_hash', 'keep_zip'];

export interface MosaicStream {
  name: string;
  remote?: string;
  local?: string;
  split?: string;
  proportion?: number;
  repeat?: number;
  choose?: number;
  range: Range;
  weightRange?: Range;
}

export interface MosaicStreams {
  streams: MosaicStream[];
  epochSize?: number;
  /** Where the streams mapping is, and which loader holds it. */
  range: Range;
  where: string;
}

/** streaming's number_abbrev_to_int: `100k`, `2m`, `1b` are counts. */
const UNITS: Readonly<Record<string, number>> = { '': 1, k: 1e3, m: 1e6, b: 1e9, t: 1e12 };

function epochSizeOf(node: Node, file: string): number {
  const v = scalarValue(node);
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.trunc(v);
  if (typeof v === 'string') {
    const m = /^(\d+(?:\.\d+)?)\s*([kmbt]?)$/i.exec(v.trim());
    // int(float(x) * unit), as streaming computes it.
    if (m) return Math.trunc(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
  }
  throw new EngineFileError('epoch_size is a count of samples (an integer, or 100k, 2m, 1b)', file, rangeOf(node));
}

function streamsNode(root: unknown): { node: Node; dataset: Node | undefined; where: string } | undefined {
  for (const path of [['train_loader', 'dataset'], ['dataset'], []]) {
    const dataset = path.length ? valueAtPath(root, path) : (root as Node);
    const node = valueAt(dataset, 'streams');
    if (node) return { node, dataset, where: path.length ? `${path.join('.')}.streams` : 'streams' };
  }
  return undefined;
}

function readStream(name: string, node: Node, file: EngineFile): MosaicStream {
  if (!isMap(node)) throw new EngineFileError(`stream ${name} is a mapping of Stream arguments (remote, local, split, proportion, ...)`, file.path, rangeOf(node));
  for (const k of keysOf(node)) {
    if (STREAM_KEYS.includes(k.key)) continue;
    const guess = suggest(k.key, STREAM_KEYS);
    throw new EngineFileError(`unknown stream key "${k.key}"${guess ? ` (did you mean "${guess}"?)` : ''}: Stream would refuse it`, file.path, k.range);
  }
  const stream: MosaicStream = { name, range: rangeOf(node) };
  for (const key of ['remote', 'local', 'split'] as const) {
    const v = scalarValue(valueAt(node, key));
    if (typeof v === 'string' && v !== '') stream[key] = v;
  }
  let weights = 0;
  for (const key of ['proportion', 'repeat', 'choose'] as const) {
    const at = valueAt(node, key);
    if (!at || (isScalar(at) && at.value === null)) continue;
    const v = scalarValue(at);
    if (typeof v !== 'number') throw new EngineFileError(`stream ${name}: ${key} must be a number`, file.path, rangeOf(at));
    const problem = weightProblem(v);
    if (problem) throw new EngineFileError(`stream ${name}: ${key} ${v} ${problem} (streaming: "must be non-negative")`, file.path, rangeOf(at));
    if (key === 'choose' && !Number.isInteger(v)) throw new EngineFileError(`stream ${name}: choose is a whole number of samples`, file.path, rangeOf(at));
    stream[key] = v;
    stream.weightRange = rangeOf(at);
    weights += 1;
  }
  if (weights > 1) throw new EngineFileError(`stream ${name}: at most one of proportion, repeat and choose (streaming's rule)`, file.path, stream.weightRange!);
  if (stream.remote === undefined && stream.local === undefined) {
    throw new EngineFileError(`stream ${name} has neither remote nor local: a weight without a path`, file.path, stream.weightRange ?? stream.range);
  }
  return stream;
}

export function readMosaicStreams(file: EngineFile): MosaicStreams {
  const doc = readYaml(file);
  const found = streamsNode(doc.contents);
  if (!found) throw new EngineFileError('no streams (train_loader.dataset.streams, dataset.streams or streams): this file mixes no streams', file.path, [0, 0]);
  const { node, dataset, where } = found;
  const streams: MosaicStream[] = [];
  if (isMap(node)) {
    for (const pair of node.items) streams.push(readStream(String((pair.key as { value: unknown }).value), pair.value as Node, file));
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => streams.push(readStream(`stream_${i}`, item as Node, file)));
  } else throw new EngineFileError(`${where} must map stream names to their arguments`, file.path, rangeOf(node));
  if (streams.length === 0) throw new EngineFileError(`${where} is empty`, file.path, rangeOf(node));
  const epochNode = valueAt(dataset, 'epoch_size');
  const out: MosaicStreams = { streams, range: rangeOf(node), where };
  if (epochNode && !(isScalar(epochNode) && epochNode.value === null)) out.epochSize = epochSizeOf(epochNode, file.path);
  const relative = streams.filter((s) => s.proportion !== undefined);
  if (relative.length > 0 && relative.length < streams.length) {
    const odd = streams.find((s) => s.proportion === undefined)!;
    throw new EngineFileError(`stream ${odd.name} has no proportion while others do: relative (proportion) and absolute (repeat, choose, none) weights are incompatible (streaming's rule)`, file.path, odd.weightRange ?? odd.range);
  }
  if (relative.length === 0 && out.epochSize !== undefined && streams.some((s) => s.repeat !== undefined || s.choose !== undefined)) {
    throw new EngineFileError('epoch_size with repeat or choose: streaming allows epoch_size only with proportions, or with no weights at all', file.path, rangeOf(epochNode!));
  }
  return out;
}

/** `taskmix import --from mosaic`. */
export function importMosaic(file: EngineFile): ImportResult {
  const notes: ImportNote[] = [];
  const { streams, epochSize, range, where } = readMosaicStreams(file);
  const names = new NameAllocator();
  const comments: string[] = [`Streams from ${where}.`];
  if (epochSize !== undefined) comments.push(`epoch_size: ${epochSize} samples per epoch.`);
  const task = (s: MosaicStream, extra: Partial<ImportedTask>): ImportedTask => {
    const c: string[] = [];
    if (s.remote !== undefined && s.local !== undefined) c.push(`${s.name}: remote ${s.remote}, local ${s.local}`);
    if (s.split !== undefined) c.push(`${s.name}: split ${s.split}`);
    return { kind: 'task', name: names.take(s.name, 'stream'), data: s.remote ?? s.local!, comments: c, ...extra };
  };
  const name = mixtureNameFromFile(file.path);
  if (streams.every((s) => s.proportion !== undefined)) {
    const entries = streams.map((s) => task(s, { rate: s.proportion! }));
    return { format: 'mosaic', mixture: { name, sampling: { strategy: 'manual' }, entries, comments }, notes };
  }
  if (streams.length === 1) {
    return { format: 'mosaic', mixture: { name, sampling: { strategy: 'uniform' }, entries: [task(streams[0]!, {})], comments }, notes };
  }
  if (streams.every((s) => s.choose !== undefined)) {
    // Absolute counts: each stream's share is its count over the total.
    const entries = streams.map((s) => task(s, { rate: s.choose! }));
    return { format: 'mosaic', mixture: { name, sampling: { strategy: 'manual' }, entries, comments }, notes };
  }
  // Shares that depend on each stream's number of samples: proportional, `repeat` as seqio's scale, `choose` as a
  // fixed raw rate (both are counts of samples, the unit of the proportional rates).
  const entries = streams.map((s) => task(s, { ...(s.repeat !== undefined ? { scale: s.repeat } : {}), ...(s.choose !== undefined ? { rate: s.choose } : {}) }));
  if (streams.some((s) => s.repeat !== undefined)) comments.push('streaming truncates repeat x samples to a whole number (int()); TaskMix does not.');
  notes.push({ severity: 'warning', message: 'these streams are weighted by their sample counts: add `examples:` to each task for the rates', file: file.path, range });
  return { format: 'mosaic', mixture: { name, sampling: { strategy: 'proportional' }, entries, comments }, notes };
}
