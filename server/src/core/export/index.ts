// Exports of a computed mixture to other tools' formats (`taskmix export`).
export { toSeqio } from './toSeqio';
export { toHuggingFace } from './toHuggingFace';
export { toMegatron, dataPrefix } from './toMegatron';
export { toJson } from './toJson';
export { exactProbabilities } from './exactProbabilities';
export { pythonString } from './pythonText';
export type { ExportInput, ExportFormat } from './exportInput';

import type { ExportFormat, ExportInput } from './exportInput';
import { toHuggingFace } from './toHuggingFace';
import { toJson } from './toJson';
import { toMegatron } from './toMegatron';
import { toSeqio } from './toSeqio';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['seqio', 'huggingface', 'megatron', 'json'];

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
  }
}
