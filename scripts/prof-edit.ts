// Profiling aid (not a benchmark): where a one-line edit's time goes at N tasks, split into the incremental
// document (applyEdits + result) and the rest of analyze(). Run: node out/scripts/prof-edit.js [N]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MixtureProject } from '../server/src/core/analyze';
import { MixtureDocument } from '../server/src/core/parse';
import { generateMixtureText } from './gen-mixture';

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1000);
  const file = join(mkdtempSync(join(tmpdir(), 'taskmix-prof-')), 'p.mixture.yaml');
  let text = generateMixtureText(n, 7);
  writeFileSync(file, text);
  const project = new MixtureProject();
  project.setText(file, text);
  await project.analyze(file);
  const doc = new MixtureDocument(text);
  const at: number[] = [];
  for (let i = text.indexOf('examples: '); i >= 0; i = text.indexOf('examples: ', i + 1)) at.push(i + 10);
  const docTimes: number[] = [];
  const allTimes: number[] = [];
  for (let k = 0; k < 200; k++) {
    const pos = at[(k * 7919) % at.length]!;
    const digit = String(((Number(text[pos]) + 1) % 9) + 1);
    const t0 = performance.now();
    doc.applyEdits([{ range: [pos, pos + 1], text: digit }]);
    doc.result();
    const t1 = performance.now();
    project.applyEdits(file, [{ range: [pos, pos + 1], text: digit }]);
    await project.analyze(file);
    const t2 = performance.now();
    text = text.slice(0, pos) + digit + text.slice(pos + 1);
    if (k >= 20) {
      docTimes.push(t1 - t0);
      allTimes.push(t2 - t1);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  console.log(`${n} tasks: document alone median ${med(docTimes).toFixed(2)} ms; document + analyze median ${med(allTimes).toFixed(2)} ms`);
}
void main();
