// The tiny T5 the tests run: generated from its seed into .cache/t5-tiny/ (nothing binary is committed).
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeT5Model } from '../../../scripts/t5gen/writeModel';
import type { T5Weights } from '../../../scripts/t5gen/t5Weights';

export const TINY_DIR = '.cache/t5-tiny';
export const TINY_SEED = 1;

function sameTree(a: string, b: string): boolean {
  const list = (d: string): string[] => readdirSync(d, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(d.length)).sort();
  const la = list(a);
  const lb = list(b);
  return la.length === lb.length && la.every((f, i) => f === lb[i] && readFileSync(join(a, f)).equals(readFileSync(join(b, f))));
}

/**
 * Writes the tiny model (0.1 s) and returns its weights. Test files run in parallel processes, so each writes
 * its own copy first and only replaces .cache/t5-tiny when the generator's output changed.
 */
export function ensureTinyT5(): T5Weights {
  const tmp = `${TINY_DIR}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const weights = writeT5Model(tmp, { preset: 'tiny', seed: TINY_SEED });
  if (existsSync(TINY_DIR) && sameTree(tmp, TINY_DIR)) rmSync(tmp, { recursive: true, force: true });
  else {
    rmSync(TINY_DIR, { recursive: true, force: true });
    renameSync(tmp, TINY_DIR);
  }
  return weights;
}

/** A private copy of the tiny model to break in some way; removed by the caller. */
export function copyOfTiny(): string {
  const dir = mkdtempSync(join(tmpdir(), 't5-broken-'));
  cpSync(TINY_DIR, dir, { recursive: true });
  return dir;
}
