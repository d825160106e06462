// An OLMo mixture recipe: OLMo-core's SourceMixtureList YAML (`sources:` of `source_name`, `target_ratio`, `paths`,
// `max_repetition_ratio`, `max_source_fraction`; src/olmo_core/data/source_mixture.py), or an olmo-cookbook recipe
// (`dataset.sources` of `name`, `target_ratio`, `paths`, `repetition_factor`, `max_source_ratio`; cookbook/aliases.py).
// A source may hold `sources:` of its own instead of `paths` (a group): its ratio is shared among them by theirs.
// Ratios are shares of tokens and must sum to 1 in each group (SourceMixtureList.validate: np.allclose); a ratio
// is in (0, 1] (SourceMixtureConfig.validate). Repetition limits bound how often a source may repeat; they do not
// change the shares, so they are kept in comments.
import type { Node, YAMLMap } from 'yaml';
import type { Range } from '../../types';
import { suggest } from '../../validate/didYouMean';
import { EngineFileError, type EngineFile, type ImportedEntry, type ImportedMixture, type ImportNote, type ImportResult } from '../model';
import { mixtureName, mixtureNameFromFile, NameAllocator, nameFromPath } from '../names';
import { isMap, isScalar, isSeq, keysOf, rangeOf, readYaml, scalarValue, valueAt, valueAtPath } from '../yamlSource';

/** A source (leaf, with paths) or a group (with sources of its own), as the recipe writes it. */
export interface OlmoSource {
  name: string;
  ratio: number;
  ratioRange: Range;
  paths: string[];
  repetition?: number;
  maxFraction?: number;
  children?: OlmoSource[];
  range: Range;
}

const KEYS = ['source_name', 'name', 'target_ratio', 'weight', 'paths', 'max_repetition_ratio', 'repetition_factor', 'max_source_fraction', 'max_source_ratio', 'sources'];

/** np.allclose(total, 1.0) with numpy's defaults (rtol 1e-5, atol 1e-8). */
function closeToOne(total: number): boolean {
  return Math.abs(total - 1) <= 1e-8 + 1e-5;
}

function numberAt(map: YAMLMap<unknown, unknown>, keys: readonly string[], file: string): { value: number; range: Range } | undefined {
  for (const key of keys) {
    const node = valueAt(map, key);
    if (node === undefined) continue;
    const v = scalarValue(node);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new EngineFileError(`${key} must be a number`, file, rangeOf(node));
    return { value: v, range: rangeOf(node) };
  }
  return undefined;
}

function readSources(node: Node, file: EngineFile, where: string): OlmoSource[] {
  if (!isSeq(node) || node.items.length === 0) throw new EngineFileError(`${where} must be a non-empty list of sources`, file.path, rangeOf(node));
  const sources = node.items.map((item) => readSource(item as Node, file));
  const total = sources.reduce((a, s) => a + s.ratio, 0);
  if (!closeToOne(total)) {
    throw new EngineFileError(`the target ratios of ${where} sum to ${total}, not 1: OLMo-core requires them to (SourceMixtureList.validate)`, file.path, rangeOf(node));
  }
  return sources;
}

function readSource(node: Node, file: EngineFile): OlmoSource {
  if (!isMap(node)) throw new EngineFileError('a source is a mapping (source_name, target_ratio, paths)', file.path, rangeOf(node));
  for (const k of keysOf(node)) {
    if (KEYS.includes(k.key)) continue;
    const guess = suggest(k.key, KEYS);
    throw new EngineFileError(`unknown source key "${k.key}"${guess ? ` (did you mean "${guess}"?)` : ''}`, file.path, k.range);
  }
  const nameNode = valueAt(node, 'source_name') ?? valueAt(node, 'name');
  const name = scalarValue(nameNode);
  if (typeof name !== 'string' || name === '') throw new EngineFileError('a source needs a source_name (or name)', file.path, rangeOf(nameNode ?? node));
  const ratio = numberAt(node, ['target_ratio', 'weight'], file.path);
  if (!ratio) throw new EngineFileError(`source ${name} has no target_ratio: its share of the mixture is unknown`, file.path, rangeOf(nameNode ?? node));
  if (!(ratio.value > 0 && ratio.value <= 1)) throw new EngineFileError(`source ${name}: target_ratio ${ratio.value} is not in (0, 1] (OLMo-core's rule)`, file.path, ratio.range);
  const repetition = numberAt(node, ['max_repetition_ratio', 'repetition_factor'], file.path);
  if (repetition && repetition.value < 1) throw new EngineFileError(`source ${name}: a repetition factor is >= 1`, file.path, repetition.range);
  const fraction = numberAt(node, ['max_source_fraction', 'max_source_ratio'], file.path);
  const childNode = valueAt(node, 'sources');
  const pathsNode = valueAt(node, 'paths');
  const source: OlmoSource = { name, ratio: ratio.value, ratioRange: ratio.range, paths: [], range: rangeOf(node) };
  if (repetition) source.repetition = repetition.value;
  if (fraction) source.maxFraction = fraction.value;
  if (childNode) {
    if (pathsNode) throw new EngineFileError(`source ${name} has both paths and sources: a group holds sources, a source holds paths`, file.path, rangeOf(pathsNode));
    source.children = readSources(childNode, file, `the sources of ${name}`);
    return source;
  }
  if (!pathsNode || !isSeq(pathsNode) || pathsNode.items.length === 0) {
    throw new EngineFileError(`source ${name} has no paths: a weight without a path (OLMo-core: "paths must not be empty")`, file.path, rangeOf(pathsNode ?? nameNode ?? node));
  }
  for (const p of pathsNode.items) {
    const v = scalarValue(p as Node);
    if (typeof v !== 'string') throw new EngineFileError(`source ${name}: each path is a string`, file.path, rangeOf(p as Node));
    source.paths.push(v);
  }
  return source;
}

/** The recipe's sources (OLMo-core's `sources`, or olmo-cookbook's `dataset.sources`) and a name for the mixture. */
export function readOlmoRecipe(file: EngineFile): { sources: OlmoSource[]; name: string } {
  const doc = readYaml(file);
  const root = doc.contents;
  const list = valueAt(root, 'sources') ?? valueAtPath(root, ['dataset', 'sources']);
  if (!list) throw new EngineFileError('no sources (nor dataset.sources): this file is not an OLMo mixture recipe', file.path, [0, 0]);
  const nameNode = valueAt(root, 'name');
  const name = isScalar(nameNode) && typeof nameNode.value === 'string' ? mixtureName(nameNode.value) : mixtureNameFromFile(file.path);
  return { sources: readSources(list, file, 'sources'), name };
}

function toEntries(sources: readonly OlmoSource[], names: NameAllocator): ImportedEntry[] {
  return sources.map((s): ImportedEntry => {
    const comments: string[] = [];
    if (s.repetition !== undefined) comments.push(`${s.name}: at most ${s.repetition}x repetition (max_repetition_ratio)`);
    if (s.maxFraction !== undefined) comments.push(`${s.name}: at most ${s.maxFraction} of the source used (max_source_fraction)`);
    if (s.children) {
      const mixture: ImportedMixture = { name: mixtureName(s.name), sampling: { strategy: 'manual' }, entries: toEntries(s.children, names), comments: [] };
      return { kind: 'include', rate: s.ratio, mixture, comments };
    }
    if (s.paths.length > 1) comments.push(`${s.name}: ${s.paths.length} paths; \`data\` is the first, the others: ${s.paths.slice(1).join(', ')}`);
    return { kind: 'task', name: names.take(s.name, nameFromPath(s.paths[0] ?? '')), data: s.paths[0]!, rate: s.ratio, comments };
  });
}

/** `taskmix import --from olmo`. */
export function importOlmo(file: EngineFile): ImportResult {
  const notes: ImportNote[] = [];
  const { sources, name } = readOlmoRecipe(file);
  const mixture: ImportedMixture = {
    name,
    sampling: { strategy: 'manual' },
    entries: toEntries(sources, new NameAllocator()),
    comments: [],
  };
  return { format: 'olmo', mixture, notes };
}
