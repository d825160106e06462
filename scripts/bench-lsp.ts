// `npm run bench:lsp`: the TaskMix server against yaml-language-server (with the format's JSON Schema) on
// generated 1,000- and 10,000-task mixtures, both driven over stdio by the same real LSP client.
// Prints didOpen -> diagnostics, edit -> diagnostics (median, p95), hover, completion, documentSymbol and
// the server's peak RSS, then the ratios and the targets.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Position } from 'vscode-languageserver-protocol';
import { fileUri, LspClient, repoRoot } from '../test/lsp/harness';
import { generateMixtureText } from './gen-mixture';

interface Figures {
  openMs: number;
  editMedianMs: number;
  editP95Ms: number;
  hoverMs: number;
  completionMs: number;
  symbolsMs: number;
  peakRssMb: number | null;
}

const YLS_VALIDATION_DELAY_MS = 200; // yaml-language-server waits this long before validating (yamlSettings.validationDelayMs)

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Peak resident set size of a process (Linux: VmHWM), in MB. */
function peakRss(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

async function timeIt(fn: () => Promise<unknown>, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return quantile(times, 0.5);
}

async function measure(kind: 'taskmix' | 'yaml-language-server', file: string, edits: number, schemaPath: string): Promise<Figures> {
  const yls = kind === 'yaml-language-server';
  const yamlSettings = { schemas: { [fileUri(schemaPath)]: ['*.mixture.yaml'] }, validate: true, hover: true, completion: true, format: { enable: false } };
  const client = await LspClient.start(
    yls
      ? { serverPath: join(repoRoot, 'node_modules/yaml-language-server/bin/yaml-language-server'), serverArgs: ['--stdio'], sections: { yaml: yamlSettings } }
      : {},
  );
  if (yls) await client.notify('workspace/didChangeConfiguration', { settings: { yaml: yamlSettings } });
  let text = readFileSync(file, 'utf8');
  const t0 = performance.now();
  const uri = await client.open(file, text, yls ? 'yaml' : 'mixture-yaml');
  await client.nextDiagnostics(uri, 0, 120_000);
  const openMs = performance.now() - t0;

  // Keystrokes: change one digit of a task's `examples`, each time in another task, waiting for its diagnostics.
  const editTimes: number[] = [];
  const anchors: number[] = [];
  for (let at = text.indexOf('examples: '); at !== -1; at = text.indexOf('examples: ', at + 1)) anchors.push(at + 'examples: '.length);
  // A few edits first warm up both servers' code paths (JIT); they are not counted.
  const warmup = 5;
  for (let i = -warmup; i < edits; i++) {
    const at = anchors[Math.floor((((i + warmup) % edits) + 1) * anchors.length / (edits + 1))]!;
    const digit = text[at] === '9' ? '8' : '9';
    const count = client.publishedCount(uri);
    // The client's own bookkeeping (offset -> position over the whole text) stays outside the timed span.
    const change = { range: { start: positionAt(text, at), end: positionAt(text, at + 1) }, text: digit };
    text = text.slice(0, at) + digit + text.slice(at + 1);
    const start = performance.now();
    await client.change(uri, [change]);
    await client.nextDiagnostics(uri, count, 120_000);
    if (i >= 0) editTimes.push(performance.now() - start);
  }

  const middle = text.indexOf(`name: task_${String(Math.floor(anchors.length / 2)).padStart(5, '0')}`);
  const namePos = positionAt(text, middle + 8);
  const keyPos = positionAt(text, text.indexOf('examples:', middle) + 2);
  const hoverMs = await timeIt(() => client.request('textDocument/hover', { textDocument: { uri }, position: namePos }), 20);
  const completionMs = await timeIt(() => client.request('textDocument/completion', { textDocument: { uri }, position: keyPos }), 20);
  const symbolsMs = await timeIt(() => client.request('textDocument/documentSymbol', { textDocument: { uri } }), 10);
  const peakRssMb = peakRss(client.process.pid);
  await client.stop();
  return { openMs, editMedianMs: quantile(editTimes, 0.5), editP95Ms: quantile(editTimes, 0.95), hoverMs, completionMs, symbolsMs, peakRssMb };
}

function row(label: string, f: Figures): string {
  const ms = (x: number) => x.toFixed(1).padStart(9);
  return `${label.padEnd(22)}${ms(f.openMs)}${ms(f.editMedianMs)}${ms(f.editP95Ms)}${ms(f.hoverMs)}${ms(f.completionMs)}${ms(f.symbolsMs)}${(f.peakRssMb === null ? '-' : f.peakRssMb.toFixed(0)).padStart(9)}`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-bench-lsp-'));
  const schemaPath = join(repoRoot, 'media', 'mixture.schema.json');
  const targets = { 1000: 15, 10000: 120 } as const;
  let failed = false;
  try {
    for (const n of [1000, 10000] as const) {
      const file = join(dir, `generated-${n}.mixture.yaml`);
      writeFileSync(file, generateMixtureText(n));
      const edits = n === 1000 ? 40 : 20;
      const ours = await measure('taskmix', file, edits, schemaPath);
      const theirs = await measure('yaml-language-server', file, edits, schemaPath);
      console.log(`\n${n.toLocaleString('en-US')} tasks (${(readFileSync(file).length / 1e6).toFixed(2)} MB), ${edits} edits; times in ms, RSS in MB`);
      console.log(`${''.padEnd(22)}${['open', 'edit p50', 'edit p95', 'hover', 'complete', 'symbols', 'peak RSS'].map((h) => h.padStart(9)).join('')}`);
      console.log(row('taskmix', ours));
      console.log(row('yaml-language-server', theirs));
      const ratio = theirs.editP95Ms / ours.editP95Ms;
      const ratioNoDelay = (theirs.editP95Ms - YLS_VALIDATION_DELAY_MS) / ours.editP95Ms;
      console.log(
        `edit -> diagnostics p95: yaml-language-server / taskmix = ${ratio.toFixed(1)}x ` +
          `(${ratioNoDelay.toFixed(1)}x without its fixed ${YLS_VALIDATION_DELAY_MS} ms validation delay); ` +
          `open: ${(theirs.openMs / ours.openMs).toFixed(1)}x`,
      );
      const checks = [
        [`edit p95 <= ${targets[n]} ms`, ours.editP95Ms <= targets[n]],
        ['>= 10x faster than yaml-language-server (edit p95)', ratio >= 10],
        ...(n === 10000 ? [['peak RSS <= 200 MB', ours.peakRssMb !== null && ours.peakRssMb <= 200] as const] : []),
      ] as const;
      for (const [what, ok] of checks) {
        console.log(`  ${ok ? 'PASS' : 'MISS'} ${what}`);
        if (!ok) failed = true;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
