// A ModelSource over a model folder on disk.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { T5ModelError } from '../errors';
import type { ModelSource } from '../modelSource';

export function dirModelSource(dir: string): ModelSource {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new T5ModelError('MISSING_FILE', 'no such model folder', root);
  return {
    label: root,
    read: async (path) => {
      const p = join(root, path);
      return existsSync(p) ? new Uint8Array(readFileSync(p)) : undefined;
    },
  };
}
