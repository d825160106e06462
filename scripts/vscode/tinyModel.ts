// The tiny T5 (generated, deterministic) that `npm start` and the e2e tests point the playground at: no download.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeT5Model } from '../t5gen/writeModel';
import { CACHE_ROOT } from './paths';

// Seed 1: seed 42's tiny model only ever emits <pad>, which would show no output text.
const SEED = 1;

/** Generates the tiny T5 into .cache/vscode/t5-tiny-seed1/ once and returns that folder. */
export function ensureTinyModel(log: (line: string) => void = console.log): string {
  const dir = join(CACHE_ROOT, `t5-tiny-seed${SEED}`);
  const marker = join(dir, '.taskmix-generated');
  if (existsSync(marker)) return dir;
  log(`generating the tiny test T5 into ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeT5Model(dir, { preset: 'tiny', seed: SEED, q8Scheme: 'dequantize' });
  writeFileSync(marker, '');
  return dir;
}
