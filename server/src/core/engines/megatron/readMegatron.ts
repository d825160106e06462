// Megatron-LM's blend where a training command gives it (megatron/training/utils/common_utils.py
// get_blend_and_blend_per_split): `--data-path w1 p1 w2 p2 ...` in a shell script or command line, or a
// `--data-args-path` file (its words, split on white space), or `--train-data-path` / `--valid-data-path` /
// `--test-data-path`, or a `--per-split-data-args-path` JSON file (see readMegatronJson). A file without any
// option is read as a `--data-args-path` file.
import { dirname, isAbsolute, join } from 'node:path';
import type { Range } from '../../types';
import { EngineFileError, type EngineFile, type ImportResult, type ImportNote } from '../model';
import { mixtureNameFromFile } from '../names';
import { blendFromWords, blendToMixture, type BlendWord, type MegatronBlend } from './blend';
import { readMegatronJsonBlends } from './readMegatronJson';
import { isOption, shellTokens, type ShellToken } from './shellWords';

/** Reads a file another file names (a `--data-args-path`), or undefined when it is not on this machine. */
export type ReadNamedFile = (path: string) => string | undefined;

const BLEND_OPTIONS = ['--data-path', '--train-data-path', '--valid-data-path', '--test-data-path', '--data-args-path', '--per-split-data-args-path'] as const;
type BlendOption = (typeof BLEND_OPTIONS)[number];

interface OptionUse {
  option: BlendOption;
  at: Range;
  values: BlendWord[];
}

/** Every use of a blend option with the words that follow it, up to the next option or the end of the command. */
function optionUses(tokens: readonly ShellToken[]): OptionUse[] {
  const uses: OptionUse[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word') continue;
    const eq = t.text.indexOf('=');
    const name = eq > 0 ? t.text.slice(0, eq) : t.text;
    if (!(BLEND_OPTIONS as readonly string[]).includes(name)) continue;
    const values: BlendWord[] = [];
    if (eq > 0) {
      // argparse's --data-path=X: one value, glued on.
      values.push({ text: t.text.slice(eq + 1), range: [t.range[0] + eq + 1, t.range[1]] });
    } else {
      for (let j = i + 1; j < tokens.length; j++) {
        const v = tokens[j]!;
        if (v.kind === 'break' || isOption(v.text)) break;
        values.push({ text: v.text, range: v.range });
      }
    }
    uses.push({ option: name as BlendOption, at: t.range, values });
  }
  return uses;
}

function only(uses: OptionUse[], option: BlendOption, file: string): OptionUse | undefined {
  const found = uses.filter((u) => u.option === option);
  if (found.length > 1) {
    throw new EngineFileError(
      `${option} is given ${found.length} times in this file: keep the command you train with (Megatron takes one blend)`,
      file,
      found[1]!.at,
    );
  }
  return found[0];
}

/** The words of a `--data-args-path` file: Python's str.split(), with their offsets. */
function whitespaceWords(text: string): BlendWord[] {
  const words: BlendWord[] = [];
  for (const m of text.matchAll(/\S+/g)) words.push({ text: m[0], range: [m.index, m.index + m[0].length] });
  return words;
}

function resolveNamed(path: string, from: string): string {
  return isAbsolute(path) ? path : join(dirname(from), path);
}

/** The train blend and what the other splits hold, from a Megatron command line, script or data-args file. */
export function readMegatronBlends(file: EngineFile, readNamed: ReadNamedFile): { train: MegatronBlend; others: string[]; file: string } {
  const tokens = shellTokens(file.text);
  const uses = optionUses(tokens);
  const words = tokens.filter((t): t is Extract<ShellToken, { kind: 'word' }> => t.kind === 'word');
  if (uses.length === 0) {
    if (words.some((w) => isOption(w.text))) {
      throw new EngineFileError('no --data-path (or --data-args-path, --train-data-path, --per-split-data-args-path) in this command: it gives Megatron no blend', file.path, [0, 0]);
    }
    // A --data-args-path file: Megatron reads f.read().split().
    return { train: blendFromWords(whitespaceWords(file.text), file.path, 'the blend', [0, file.text.length]), others: [], file: file.path };
  }
  const dataPath = only(uses, '--data-path', file.path);
  const argsPath = only(uses, '--data-args-path', file.path);
  const perSplitPath = only(uses, '--per-split-data-args-path', file.path);
  const named = (use: OptionUse, what: string) => {
    if (use.values.length !== 1) throw new EngineFileError(`${use.option} takes one file, got ${use.values.length} words`, file.path, use.at);
    const value = use.values[0]!;
    const path = resolveNamed(value.text, file.path);
    const text = readNamed(path);
    if (text === undefined) {
      throw new EngineFileError(`the blend is in ${value.text} (${what}), which is not on this machine: import that file itself`, file.path, value.range);
    }
    return { path, text };
  };
  if (dataPath || argsPath) {
    if (dataPath && argsPath) throw new EngineFileError('--data-path and --data-args-path exclude each other (Megatron asserts one of them)', file.path, argsPath.at);
    if (argsPath) {
      const target = named(argsPath, '--data-args-path');
      return { train: blendFromWords(whitespaceWords(target.text), target.path, 'the blend', [0, target.text.length]), others: [], file: target.path };
    }
    const use = dataPath!;
    const range: Range = use.values.length ? [use.values[0]!.range[0], use.values[use.values.length - 1]!.range[1]] : use.at;
    return { train: blendFromWords(use.values, file.path, '--data-path', range), others: [], file: file.path };
  }
  if (perSplitPath) {
    const target = named(perSplitPath, '--per-split-data-args-path');
    const blends = readMegatronJsonBlends({ path: target.path, text: target.text });
    return { train: blends.train, others: blends.others, file: target.path };
  }
  const train = only(uses, '--train-data-path', file.path);
  if (!train) throw new EngineFileError('--valid-data-path or --test-data-path without --train-data-path: there is no training blend to import', file.path, uses[0]!.at);
  const range: Range = train.values.length ? [train.values[0]!.range[0], train.values[train.values.length - 1]!.range[1]] : train.at;
  const others: string[] = [];
  for (const option of ['--valid-data-path', '--test-data-path'] as const) {
    const use = only(uses, option, file.path);
    if (use) others.push(`${option} ${use.values.map((v) => v.text).join(' ')}`);
  }
  return { train: blendFromWords(train.values, file.path, '--train-data-path', range), others, file: file.path };
}

/** `taskmix import --from megatron`. */
export function importMegatron(file: EngineFile, readNamed: ReadNamedFile): ImportResult {
  const notes: ImportNote[] = [];
  const { train, others, file: blendFile } = readMegatronBlends(file, readNamed);
  const comments = others.length ? ['Other splits, not carried (TaskMix mixes the training split):', ...others.map((o) => `  ${o}`)] : [];
  return { format: 'megatron', mixture: blendToMixture(train, mixtureNameFromFile(file.path), blendFile, notes, comments), notes };
}
