// Megatron-LM's `--per-split-data-args-path` file: `{"train": [...], "valid": [...], "test": [...]}`, each a list of
// words or one string of them (megatron/training/utils/common_utils.py: a string is split on white space, then
// get_blend_from_list; a null split has no blend). Megatron reads all three keys, so a missing one fails there
// (KeyError) and fails here; other keys it never reads are refused too, since they are usually a misspelt split,
// except those that start with `_`, which are comments.
import type { Node } from 'yaml';
import type { Range } from '../../types';
import { suggest } from '../../validate/didYouMean';
import { EngineFileError, type EngineFile, type ImportNote, type ImportResult } from '../model';
import { mixtureNameFromFile } from '../names';
import { isMap, isScalar, isSeq, keysOf, rangeOf, readJson, valueAt } from '../yamlSource';
import { blendFromWords, blendToMixture, type BlendWord, type MegatronBlend } from './blend';

const SPLITS = ['train', 'valid', 'test'] as const;

function splitWords(node: Node, file: EngineFile, split: string): BlendWord[] | null {
  if (isScalar(node) && node.value === null) return null;
  if (isScalar(node) && typeof node.value === 'string') {
    // A string is split on white space; offsets inside the JSON string are exact when it has no escapes.
    const start = node.range![0] + 1;
    const words: BlendWord[] = [];
    for (const m of node.value.matchAll(/\S+/g)) words.push({ text: m[0], range: [start + m.index, start + m.index + m[0].length] });
    return words;
  }
  if (isSeq(node)) {
    return node.items.map((item) => {
      const n = item as Node;
      if (!isScalar(n) || (typeof n.value !== 'string' && typeof n.value !== 'number')) {
        throw new EngineFileError(`"${split}": each item is a weight or a prefix (a number or a string)`, file.path, rangeOf(n));
      }
      return typeof n.value === 'number' ? { text: String(n.value), range: rangeOf(n), value: n.value } : { text: n.value, range: rangeOf(n) };
    });
  }
  throw new EngineFileError(`"${split}" must be a list of weights and prefixes, a string of them, or null`, file.path, rangeOf(node));
}

/** The train blend, and the other splits as written (for comments). */
export function readMegatronJsonBlends(file: EngineFile): { train: MegatronBlend; others: string[] } {
  const doc = readJson(file);
  const root: unknown = doc.contents;
  if (!isMap(root)) throw new EngineFileError('a per-split blend is a JSON object {"train": [...], "valid": [...], "test": [...]}', file.path, rangeOf(root as Node | null, [0, file.text.length]));
  const present = keysOf(root);
  for (const k of present) {
    // Keys that start with `_` are comments (Megatron reads only the three splits; TaskMix's export writes them).
    if ((SPLITS as readonly string[]).includes(k.key) || k.key.startsWith('_')) continue;
    const guess = suggest(k.key, [...SPLITS]);
    throw new EngineFileError(`unknown key "${k.key}"${guess ? ` (did you mean "${guess}"?)` : ''}: Megatron reads only "train", "valid" and "test"`, file.path, k.range);
  }
  for (const split of SPLITS) {
    if (!present.some((k) => k.key === split)) {
      throw new EngineFileError(`no "${split}" key: Megatron reads all of "train", "valid" and "test" (give null for a split without a blend)`, file.path, rangeOf(root as Node));
    }
  }
  const trainNode = valueAt(root, 'train')!;
  const trainWords = splitWords(trainNode, file, 'train');
  if (trainWords === null) throw new EngineFileError('"train" is null: there is no training blend to import', file.path, rangeOf(trainNode));
  const range: Range = rangeOf(trainNode);
  const others: string[] = [];
  for (const split of ['valid', 'test'] as const) {
    const node = valueAt(root, split)!;
    const words = splitWords(node, file, split);
    if (words === null) continue;
    // Checked like the train blend (Megatron reads them the same way), kept as written.
    blendFromWords(words, file.path, `"${split}"`, rangeOf(node));
    others.push(`${split}: ${words.map((w) => w.text).join(' ')}`);
  }
  return { train: blendFromWords(trainWords, file.path, '"train"', range), others };
}

/** `taskmix import --from megatron-json`. */
export function importMegatronJson(file: EngineFile): ImportResult {
  const notes: ImportNote[] = [];
  const { train, others } = readMegatronJsonBlends(file);
  const comments = others.length ? ['Other splits, not carried (TaskMix mixes the training split):', ...others.map((o) => `  ${o}`)] : [];
  return { format: 'megatron-json', mixture: blendToMixture(train, mixtureNameFromFile(file.path), file.path, notes, comments), notes };
}
