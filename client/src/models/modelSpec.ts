// What `taskmix.playground.model` names (a local export folder or a Hugging Face model id), and which files of
// an export the playground needs for a precision. Pure: no file system, no network.
import { createHash } from 'node:crypto';

export type Precision = 'fp32' | 'q8';

export type ModelSpec =
  | { kind: 'local'; dir: string }
  | { kind: 'hub'; id: string; revision: string };

export const DEFAULT_MODEL_ID = 'Xenova/flan-t5-small';
export const DEFAULT_HUB_BASE = 'https://huggingface.co';

// Hub ids are `owner/name` with letters, digits, '-', '_', '.' (no leading '.' or '-', no '..').
const HUB_PART = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?$/;
/** One `/`-separated segment of a revision (a branch, a tag, a commit, `refs/pr/3`). */
const REVISION_SEGMENT = /^[A-Za-z0-9._-]+$/;

/**
 * Why `id` and `revision` are not a hub model id (`owner/name`) and revision (`main`, `v1.0`, `refs/pr/3`, a commit),
 * or undefined when they are. The id and the revision are parts of URLs and the model's cache entry: a `.` or `..`
 * segment would reach another model's files, or the cache itself (`owner/name@..`).
 */
export function hubIdProblem(id: string, revision: string): string | undefined {
  const parts = id.split('/');
  if (parts.length !== 2) return `"${id}" is not owner/name (one "/")`;
  for (const part of parts) {
    if (part === '.' || part === '..') return `"${id}" has a "${part}" part`;
    if (!HUB_PART.test(part) || part.includes('..')) {
      return `"${part}" in "${id}" is not a hub name (letters, digits, "-", "_" and "." only, starting with a letter or digit, no "..")`;
    }
  }
  if (revision === '') return 'the revision after "@" is empty';
  for (const segment of revision.split('/')) {
    if (segment === '') return `the revision "${revision}" has an empty "/" segment`;
    if (segment === '.' || segment === '..') return `the revision "${revision}" has a "${segment}" segment`;
    if (!REVISION_SEGMENT.test(segment)) return `the revision "${revision}" has characters other than letters, digits, "-", "_", "." and "/"`;
  }
  return undefined;
}

/**
 * Reads the setting: an absolute path, `~/...`, `./...`, or a Windows drive path is a folder; `owner/name` (with an
 * optional `@revision`) is a hub id; anything else is an error message. `home` expands `~`.
 */
export function parseModelSetting(value: string, home: string): ModelSpec | { error: string } {
  const v = value.trim();
  if (v === '') return { kind: 'hub', id: DEFAULT_MODEL_ID, revision: 'main' };
  if (v.startsWith('~/') || v === '~') return { kind: 'local', dir: home + v.slice(1) };
  if (v.startsWith('/') || v.startsWith('./') || v.startsWith('../') || /^[A-Za-z]:[\\/]/.test(v) || v.startsWith('\\\\')) {
    return { kind: 'local', dir: v };
  }
  const at = v.indexOf('@');
  const id = at < 0 ? v : v.slice(0, at);
  const revision = at < 0 ? 'main' : v.slice(at + 1);
  const problem = hubIdProblem(id, revision);
  if (problem === undefined) return { kind: 'hub', id, revision };
  return {
    error: `"${value}" is neither a model folder (an absolute path) nor a Hugging Face model id like ${DEFAULT_MODEL_ID} or ${DEFAULT_MODEL_ID}@main: ${problem}`,
  };
}

/** Files a T5 export may have; the `onnx/` names depend on the precision. */
export const CONFIG_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;
const REQUIRED_CONFIG = new Set(['config.json', 'tokenizer.json']);

export function onnxFile(name: 'encoder_model' | 'decoder_model_merged' | 'decoder_model' | 'decoder_with_past_model', precision: Precision): string {
  return `onnx/${name}${precision === 'q8' ? '_quantized' : ''}.onnx`;
}

export interface FileSelection {
  precision: Precision;
  /** Paths inside the model folder, in the order the page should fetch them. */
  files: string[];
  /** Required files the folder lacks (the runtime names the first one when it loads). */
  missing: string[];
  /** Things worth telling the user, e.g. a precision fallback. */
  notes: string[];
}

/**
 * Picks the files to load from the paths a folder (or hub listing) has: the wanted precision when its encoder is
 * there, else the other one (with a note); the merged decoder when present, else the split pair.
 */
export function selectModelFiles(available: ReadonlySet<string>, wanted: Precision): FileSelection {
  const notes: string[] = [];
  let precision = wanted;
  const other: Precision = wanted === 'q8' ? 'fp32' : 'q8';
  if (!available.has(onnxFile('encoder_model', wanted)) && available.has(onnxFile('encoder_model', other))) {
    precision = other;
    notes.push(`No ${wanted} export here (${onnxFile('encoder_model', wanted)}); using ${other}.`);
  }
  const files: string[] = [];
  const missing: string[] = [];
  for (const f of CONFIG_FILES) {
    if (available.has(f)) files.push(f);
    else if (REQUIRED_CONFIG.has(f)) missing.push(f);
  }
  const encoder = onnxFile('encoder_model', precision);
  (available.has(encoder) ? files : missing).push(encoder);
  const merged = onnxFile('decoder_model_merged', precision);
  if (available.has(merged)) files.push(merged);
  else {
    for (const f of [onnxFile('decoder_model', precision), onnxFile('decoder_with_past_model', precision)]) {
      (available.has(f) ? files : missing).push(f);
    }
  }
  return { precision, files, missing, notes };
}

/**
 * The folder of a hub id and revision inside the download cache: `owner--name--<hash>`, the hash (sha256 of the id
 * and revision) keeping every id and revision apart, whatever the characters and on file systems that ignore case;
 * the readable part is only for people looking at the folder. Throws on an id or revision that hubIdProblem refuses.
 */
export function cacheFolderName(id: string, revision: string): string {
  const problem = hubIdProblem(id, revision);
  if (problem !== undefined) throw new Error(`not a hub model id: ${problem}`);
  const hash = createHash('sha256').update(JSON.stringify([id, revision])).digest('hex').slice(0, 32);
  return `${id.replace('/', '--')}--${hash}`;
}
