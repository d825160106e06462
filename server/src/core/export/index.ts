// Exports of a computed mixture to other tools' formats (`taskmix export`).
export { toSeqio } from './toSeqio';
export { toHuggingFace } from './toHuggingFace';
export { toMegatron, dataPrefix } from './toMegatron';
export { toJson } from './toJson';
export { exactProbabilities } from './exactProbabilities';
export { sampledTasks, type SampledTasks } from './sampledTasks';
export { ExportRefusedError } from './exportInput';
export { pythonString } from './pythonText';
export type { ExportInput, ExportFormat } from './exportInput';

import type { ExportFormat, ExportInput } from './exportInput';
import { toHuggingFace } from './toHuggingFace';
import { toJson } from './toJson';
import { toMegatron } from './toMegatron';
import { toSeqio } from './toSeqio';
import { toLlamaFactory } from '../engines/llamafactory/writeLlamaFactory';
import { toMegatronJson } from '../engines/megatron/writeMegatronJson';
import { toMosaic } from '../engines/mosaic/writeMosaic';
import { toNemo } from '../engines/nemo/writeNemo';
import { toOlmo } from '../engines/olmo/writeOlmo';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['seqio', 'huggingface', 'megatron', 'json', 'megatron-json', 'nemo', 'olmo', 'mosaic', 'llamafactory'];

/** The export text of `format`. */
export function exportMixture(format: ExportFormat, input: ExportInput): string {
  switch (format) {
    case 'seqio':
      return toSeqio(input);
    case 'huggingface':
      return toHuggingFace(input);
    case 'megatron':
      return toMegatron(input);
    case 'json':
      return toJson(input);
    case 'megatron-json':
      return toMegatronJson(input);
    case 'nemo':
      return toNemo(input);
    case 'olmo':
      return toOlmo(input);
    case 'mosaic':
      return toMosaic(input);
    case 'llamafactory':
      return toLlamaFactory(input);
  }
}
