// The plain vocabulary of the training engines' own mixture files (`taskmix import` / `taskmix export --format`):
// which formats there are, what a reader hands back (an `ImportedMixture` in TaskMix's terms, with notes on what
// could not be carried), and the one error a reader throws: located in the engine's file, never a stack trace.
import type { Range } from '../types';

/** The engine formats, as `--from` and `--format` name them (spec 1.1's engines; `megatron-json` is Megatron's
 *  per-split JSON). `huggingface` is an alias of `hf`. */
export const ENGINE_FORMATS = ['megatron', 'megatron-json', 'nemo', 'olmo', 'mosaic', 'hf', 'llamafactory', 'seqio'] as const;
export type EngineFormat = (typeof ENGINE_FORMATS)[number];

/** Other names the command line accepts for a format. */
export const ENGINE_FORMAT_ALIASES: Readonly<Record<string, EngineFormat>> = { huggingface: 'hf' };

/** The format a name (or alias) stands for, or undefined. */
export function engineFormatOf(name: string): EngineFormat | undefined {
  return (ENGINE_FORMATS as readonly string[]).includes(name) ? (name as EngineFormat) : ENGINE_FORMAT_ALIASES[name];
}

/** A file an engine reads: its path (as the messages should name it) and its text. */
export interface EngineFile {
  path: string;
  text: string;
}

/**
 * What is wrong with an engine's file, at the offsets `[start, end)` of `file` (the file read, or one it names, such
 * as LLaMA-Factory's dataset_info.json). The CLI prints it as `file:line:col: error: message`.
 */
export class EngineFileError extends Error {
  override readonly name = 'EngineFileError';
  constructor(
    message: string,
    readonly file: string,
    readonly range: Range,
  ) {
    super(message);
  }
}

/** Something the import could not carry exactly, or did not need: printed as a warning, kept in the file's comments. */
export interface ImportNote {
  severity: 'warning' | 'info';
  message: string;
  file: string;
  range: Range;
}

/** The sampling an imported mixture gets: the engine's weights are manual rates, or a strategy over sizes. */
export interface ImportedSampling {
  strategy: 'manual' | 'uniform' | 'proportional' | 'temperature';
  temperature?: number;
  cap?: number;
  defaultRate?: number;
}

/** One source of the engine's blend, as a TaskMix task. */
export interface ImportedTask {
  kind: 'task';
  name: string;
  /** The path, prefix or dataset as the engine's file wrote it. */
  data?: string;
  /** The raw rate (the engine's weight as written); absent where the strategy computes it. */
  rate?: number;
  /** seqio's scale (Mosaic's `repeat`), applied before the cap. */
  scale?: number;
  /** The size the engine's file gives (LLaMA-Factory's `num_samples`). */
  examples?: number;
  /** The record keys of the input and the target, where the engine's file names them (LLaMA-Factory's columns). */
  fields?: { input: string; target: string };
  /** What the engine says about this source that the mixture format has no key for. */
  comments: string[];
}

/** A nested mixture (seqio's sub-mixtures, OLMo groups) with its raw rate among its siblings. */
export interface ImportedInclude {
  kind: 'include';
  rate: number;
  mixture: ImportedMixture;
  comments: string[];
}

export type ImportedEntry = ImportedTask | ImportedInclude;

export interface ImportedMixture {
  /** An identifier ([A-Za-z_][A-Za-z0-9_.-]*), derived from the engine's own name or the file's. */
  name: string;
  sampling: ImportedSampling;
  entries: ImportedEntry[];
  /** What the engine's file says about the whole blend that the format cannot hold (splits, seeds, epoch sizes). */
  comments: string[];
}

/** What a reader hands back. */
export interface ImportResult {
  format: EngineFormat;
  mixture: ImportedMixture;
  notes: ImportNote[];
}

/** A Python file with several registrations: the caller must say which (`--mixture NAME`). */
export class MixtureChoiceNeeded extends Error {
  override readonly name = 'MixtureChoiceNeeded';
  constructor(
    readonly file: string,
    readonly choices: readonly { name: string; range: Range }[],
  ) {
    super(`${file} registers ${choices.length} mixtures (${choices.map((c) => c.name).join(', ')}): say which with --mixture NAME`);
  }
}
