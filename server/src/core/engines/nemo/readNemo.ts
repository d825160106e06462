// A NeMo (or NeMo-Framework-Launcher) training YAML: `model.data.data_prefix` (or `data.data_prefix`) is a Megatron
// blend list, or a `{train, validation, test}` mapping of them (nemo/collections/nlp/models/language_modeling/
// megatron_gpt_model.py passes each to Megatron's get_blend_from_list). OmegaConf interpolations such as
// `${data_dir}` are resolved only when NeMo runs: they stay verbatim in the imported paths.
import type { Node } from 'yaml';
import { suggest } from '../../validate/didYouMean';
import { blendFromWords, blendToMixture, type BlendWord, type MegatronBlend } from '../megatron/blend';
import { EngineFileError, type EngineFile, type ImportNote, type ImportResult } from '../model';
import { mixtureName, mixtureNameFromFile } from '../names';
import { isMap, isScalar, isSeq, keysOf, rangeOf, readYaml, scalarSource, valueAt, valueAtPath } from '../yamlSource';

const SPLIT_KEYS = ['train', 'validation', 'test'] as const;

/** Where the blend is: `model.data.data_prefix`, else `data.data_prefix`. */
export function findDataPrefix(root: unknown): Node | undefined {
  return valueAtPath(root, ['model', 'data', 'data_prefix']) ?? valueAtPath(root, ['data', 'data_prefix']);
}

function listWords(node: Node, file: EngineFile, what: string): BlendWord[] {
  if (!isSeq(node)) {
    if (isScalar(node) && typeof node.value === 'string' && node.value !== '???') {
      // One prefix given as a string: a single-dataset blend.
      return [{ text: node.value, range: rangeOf(node) }];
    }
    throw new EngineFileError(`${what} must be a list of weights and prefixes (w1, p1, w2, p2, ...)`, file.path, rangeOf(node));
  }
  return node.items.map((item) => {
    const n = item as Node;
    if (!isScalar(n) || n.value === null || typeof n.value === 'object') {
      throw new EngineFileError(`${what}: each item is a weight or a prefix`, file.path, rangeOf(n));
    }
    if (typeof n.value === 'number') return { text: scalarSource(n, file.text) ?? String(n.value), range: rangeOf(n), value: n.value };
    return { text: String(n.value), range: rangeOf(n) };
  });
}

/** The train blend and the other splits as written. */
export function readNemoBlends(file: EngineFile): { train: MegatronBlend; others: string[]; name: string } {
  const doc = readYaml(file);
  const root = doc.contents;
  const prefix = findDataPrefix(root);
  if (!prefix) throw new EngineFileError('no model.data.data_prefix (nor data.data_prefix): this file gives NeMo no blend', file.path, [0, 0]);
  if (isScalar(prefix) && (prefix.value === null || prefix.value === '???')) {
    throw new EngineFileError(`data_prefix is ${prefix.value === null ? 'null' : '???'}: the blend is given elsewhere (on the command line); import a file that sets it`, file.path, rangeOf(prefix));
  }
  const name = valueAt(root, 'name');
  const mixture = isScalar(name) && typeof name.value === 'string' && !name.value.includes('${') ? mixtureName(name.value) : mixtureNameFromFile(file.path);
  if (isMap(prefix)) {
    for (const k of keysOf(prefix)) {
      if ((SPLIT_KEYS as readonly string[]).includes(k.key)) continue;
      const guess = suggest(k.key, [...SPLIT_KEYS]);
      throw new EngineFileError(`unknown data_prefix key "${k.key}"${guess ? ` (did you mean "${guess}"?)` : ''}: NeMo reads train, validation and test`, file.path, k.range);
    }
    const train = valueAt(prefix, 'train');
    if (!train) throw new EngineFileError('data_prefix has no train blend', file.path, rangeOf(prefix));
    const others: string[] = [];
    for (const split of ['validation', 'test'] as const) {
      const node = valueAt(prefix, split);
      if (!node || (isScalar(node) && node.value === null)) continue;
      const words = listWords(node, file, `data_prefix.${split}`);
      blendFromWords(words, file.path, `data_prefix.${split}`, rangeOf(node));
      others.push(`${split}: ${words.map((w) => w.text).join(' ')}`);
    }
    return { train: blendFromWords(listWords(train, file, 'data_prefix.train'), file.path, 'data_prefix.train', rangeOf(train)), others, name: mixture };
  }
  return { train: blendFromWords(listWords(prefix, file, 'data_prefix'), file.path, 'data_prefix', rangeOf(prefix)), others: [], name: mixture };
}

/** `taskmix import --from nemo`. */
export function importNemo(file: EngineFile): ImportResult {
  const notes: ImportNote[] = [];
  const { train, others, name } = readNemoBlends(file);
  const comments: string[] = [];
  if (others.length) comments.push('Other splits, not carried (TaskMix mixes the training split):', ...others.map((o) => `  ${o}`));
  if (train.sources.some((s) => s.prefix.includes('${'))) {
    comments.push('OmegaConf interpolations (${...}) are kept as written: NeMo resolves them when it runs.');
    notes.push({ severity: 'info', message: 'paths with ${...} interpolations are kept as written (NeMo resolves them when it runs)', file: file.path, range: train.range });
  }
  return { format: 'nemo', mixture: blendToMixture(train, name, file.path, notes, comments), notes };
}
