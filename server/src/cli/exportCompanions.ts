// Files an export needs beside it (LLaMA-Factory's dataset_info.json), written by `taskmix export --out` next to
// the exported file. An existing file is never overwritten: the user's own definitions may be in it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Analysis } from '../core/analyze';
import { exportCompanions } from '../core/engines';
import type { ExportFormat } from '../core/export';
import { exportInputOf } from '../core/export/fromAnalysis';

export function writeExportCompanions(analysis: Analysis, format: ExportFormat, target: string, io: { stderr(text: string): void; cwd: string }, seed?: number): void {
  for (const c of exportCompanions(format, exportInputOf(analysis, seed))) {
    const path = join(dirname(target), c.fileName);
    const shown = relative(io.cwd, path) || path;
    if (existsSync(path)) {
      if (readFileSync(path, 'utf8') !== c.text) io.stderr(`${shown} exists and was not overwritten: make sure it defines ${c.fileName === 'dataset_info.json' ? 'the datasets listed in the export header' : 'what the export needs'}\n`);
      continue;
    }
    writeFileSync(path, c.text);
    io.stderr(`wrote ${shown}\n`);
  }
}
