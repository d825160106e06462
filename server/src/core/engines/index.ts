// The training engines' own mixture files: `taskmix import` reads them (one reader per format, each returning the
// engine's blend in TaskMix's terms), `taskmix export --format` writes them (core/export for seqio, hf and megatron;
// a writer per format here for the others). Every reader is also usable on its own: readMegatronBlends,
// readMegatronJsonBlends, readNemoBlends, readOlmoRecipe, readMosaicStreams, readHfInterleaves,
// readSeqioRegistrations return the plain model of the engine's blend.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { ExportInput } from '../export/exportInput';
import { importHf } from './hf/readHf';
import { importLlamaFactory } from './llamafactory/readLlamaFactory';
import { llamaFactoryDatasetInfo } from './llamafactory/writeLlamaFactory';
import { importMegatron, type ReadNamedFile } from './megatron/readMegatron';
import { importMegatronJson } from './megatron/readMegatronJson';
import { EngineFileError, type EngineFile, type EngineFormat, type ImportResult } from './model';
import { importMosaic, readMosaicStreams } from './mosaic/readMosaic';
import { findDataPrefix, importNemo } from './nemo/readNemo';
import { importOlmo } from './olmo/readOlmo';
import { parsePython } from './python/pythonParser';
import { callsOf } from './python/pythonValues';
import { importSeqio } from './seqio/readSeqio';
import { isMap, isScalar, isSeq, readJson, readYaml, valueAt, valueAtPath } from './yamlSource';

export { ENGINE_FORMATS, ENGINE_FORMAT_ALIASES, EngineFileError, MixtureChoiceNeeded, engineFormatOf } from './model';
export type { EngineFile, EngineFormat, ImportedMixture, ImportNote, ImportResult } from './model';
export { renderImport, type RenderedImport } from './render';
export { readMegatronBlends } from './megatron/readMegatron';
export { readMegatronJsonBlends } from './megatron/readMegatronJson';
export { readNemoBlends } from './nemo/readNemo';
export { readOlmoRecipe } from './olmo/readOlmo';
export { readMosaicStreams } from './mosaic/readMosaic';
export { readHfInterleaves } from './hf/readHf';
export { readSeqioRegistrations } from './seqio/readSeqio';
export { readLlamaFactoryConfig } from './llamafactory/readLlamaFactory';
export { toMegatronJson } from './megatron/writeMegatronJson';
export { toNemo } from './nemo/writeNemo';
export { toOlmo } from './olmo/writeOlmo';
export { toMosaic } from './mosaic/writeMosaic';
export { toLlamaFactory, llamaFactoryDatasetInfo } from './llamafactory/writeLlamaFactory';

export interface ImportOptions {
  /** The format; detected from the file when absent. */
  from?: EngineFormat;
  /** Which registration (seqio) or interleave_datasets call (hf, by its variable) of a Python file. */
  mixture?: string;
  /** Reads a file the engine's file names (a Megatron --data-args-path); default: from disk. */
  readNamed?: ReadNamedFile;
  /** LLaMA-Factory's dataset_info.json, when not found by LLaMA-Factory's own search. */
  datasetInfo?: EngineFile;
}

/** Reads a file from disk, or undefined when it is not there (or is a folder). */
export const readNamedFromDisk: ReadNamedFile = (path) => (existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined);

const LLAMAFACTORY_KEYS = ['mix_strategy', 'interleave_probs', 'dataset_dir', 'stage', 'finetuning_type', 'template', 'cutoff_len'];

/** Which formats a YAML file looks like. */
function yamlCandidates(file: EngineFile): EngineFormat[] {
  const root = readYaml(file).contents;
  const found: EngineFormat[] = [];
  if (findDataPrefix(root)) found.push('nemo');
  try {
    readMosaicStreams(file);
    found.push('mosaic');
  } catch (e) {
    // A file with streams whose content is wrong is still a streams file: the reader will say what is wrong.
    if (e instanceof EngineFileError && !/^no streams/.test(e.message)) found.push('mosaic');
  }
  if (isSeq(valueAt(root, 'sources')) || isSeq(valueAtPath(root, ['dataset', 'sources']))) found.push('olmo');
  const dataset = valueAt(root, 'dataset');
  if (dataset && (isScalar(dataset) || isSeq(dataset)) && isMap(root) && LLAMAFACTORY_KEYS.some((k) => valueAt(root, k) !== undefined)) found.push('llamafactory');
  return found;
}

/** The format of an engine's file, from its extension and content; an EngineFileError when none or several fit. */
export async function detectEngineFormat(file: EngineFile): Promise<EngineFormat> {
  const ext = extname(file.path).toLowerCase();
  const one = (found: EngineFormat[], what: string): EngineFormat => {
    if (found.length === 1) return found[0]!;
    if (found.length === 0) throw new EngineFileError(`not a mixture file TaskMix can import (${what}); name the format with --from`, file.path, [0, 0]);
    throw new EngineFileError(`ambiguous: this file reads as ${found.join(' and ')}; name the format with --from`, file.path, [0, 0]);
  };
  if (/\.mixture\.ya?ml$/i.test(file.path)) throw new EngineFileError('this is a TaskMix mixture already: open it, or export it with taskmix export', file.path, [0, 0]);
  if (ext === '.py') {
    const tree = await parsePython(file.text);
    try {
      const found: EngineFormat[] = [];
      if (callsOf(tree, (c) => /(^|\.)MixtureRegistry\.add$/.test(c)).length) found.push('seqio');
      if (callsOf(tree, (c) => /(^|\.)interleave_datasets$/.test(c)).length) found.push('hf');
      return one(found, 'no seqio.MixtureRegistry.add(...) and no interleave_datasets(...) call: Python that is not a mixture registration');
    } finally {
      tree.delete();
    }
  }
  if (ext === '.json') {
    const root = readJson(file).contents;
    if (isMap(root) && ['train', 'valid', 'test'].some((k) => valueAt(root, k) !== undefined)) return 'megatron-json';
    if (isMap(root) && root.items.some((p) => isMap(p.value) && ['file_name', 'hf_hub_url', 'ms_hub_url', 'script_url'].some((k) => valueAt(p.value, k) !== undefined))) {
      throw new EngineFileError("a LLaMA-Factory dataset_info.json: import the training YAML that names its datasets (it finds this file through dataset_dir)", file.path, [0, 0]);
    }
    return one([], 'a JSON file without "train", "valid" and "test" blends');
  }
  if (ext === '.yaml' || ext === '.yml') return one(yamlCandidates(file), 'no data_prefix, streams, sources or LLaMA-Factory dataset');
  return 'megatron';
}

/** Reads an engine's file into an imported mixture. */
export async function importEngineFile(file: EngineFile, options: ImportOptions = {}): Promise<ImportResult> {
  const format = options.from ?? (await detectEngineFormat(file));
  switch (format) {
    case 'megatron':
      return importMegatron(file, options.readNamed ?? readNamedFromDisk);
    case 'megatron-json':
      return importMegatronJson(file);
    case 'nemo':
      return importNemo(file);
    case 'olmo':
      return importOlmo(file);
    case 'mosaic':
      return importMosaic(file);
    case 'hf':
      return importHf(file, options.mixture);
    case 'llamafactory':
      return importLlamaFactory(file, options.datasetInfo);
    case 'seqio':
      return importSeqio(file, options.mixture);
  }
}

/** Files an export needs beside it (LLaMA-Factory's dataset_info.json), by file name. */
export function exportCompanions(format: string, input: ExportInput): { fileName: string; text: string }[] {
  return format === 'llamafactory' ? [{ fileName: 'dataset_info.json', text: llamaFactoryDatasetInfo(input) }] : [];
}
