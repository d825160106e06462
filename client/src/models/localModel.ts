// A model folder on disk in the export layout: which of the files the playground loads are there.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_FILES, onnxFile, selectModelFiles, type FileSelection, type Precision } from './modelSpec';

const ONNX_NAMES = ['encoder_model', 'decoder_model_merged', 'decoder_model', 'decoder_with_past_model'] as const;

/** Every path selectModelFiles may ask about, for both precisions. */
export function candidatePaths(): string[] {
  return [...CONFIG_FILES, ...ONNX_NAMES.flatMap((n) => [onnxFile(n, 'fp32'), onnxFile(n, 'q8')])];
}

export type LocalModelCheck = ({ ok: true; dir: string } & FileSelection) | { ok: false; dir: string; message: string };

export function checkLocalModel(dir: string, precision: Precision): LocalModelCheck {
  const root = resolve(dir);
  if (!existsSync(root)) return { ok: false, dir: root, message: `${root}: no such folder` };
  if (!statSync(root).isDirectory()) return { ok: false, dir: root, message: `${root}: not a folder` };
  const available = new Set(candidatePaths().filter((p) => existsSync(join(root, p)) && statSync(join(root, p)).isFile()));
  return { ok: true, dir: root, ...selectModelFiles(available, precision) };
}
