// Profiling aid (not a benchmark): repeated analyze() of an unchanged 10,000-task document, to see the
// per-keystroke cost of everything after parsing. Run: node --cpu-prof out/scripts/prof-analyze.js
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MixtureProject } from '../server/src/core/analyze';
import { generateMixtureText } from './gen-mixture';

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-prof-'));
  const file = join(dir, 'p.mixture.yaml');
  const text = generateMixtureText(10000, 3);
  writeFileSync(file, text);
  const project = new MixtureProject();
  project.setText(file, text);
  await project.analyze(file);
  const times: number[] = [];
  for (let i = 0; i < 40; i++) {
    const t0 = performance.now();
    await project.analyze(file);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`analyze (no edit) 10k: median ${times[20]!.toFixed(1)} ms`);
}
void main();
