// `npm run bench:lsp`: the TaskMix server against yaml-language-server (with the format's JSON Schema) on
// generated 1,000- and 10,000-task mixtures, both driven over stdio by the same real LSP client.
// Prints didOpen -> diagnostics, edit -> diagnostics (median, p95) for a digit of `examples` and for a letter typed
// in a prefix, hover, completion, documentSymbol and
// the server's peak RSS, then the ratios and the targets.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompletionRequest, DidChangeConfigurationNotification, DocumentSymbolRequest, HoverRequest, type Position } from 'vscode-languageserver-protocol';
import { fileUri, LspClient, repoRoot } from '../test/lsp/harness';
import { generateMixtureText } from './gen-mixture';

interface Figures {
  openMs: number;
  editMedianMs: number;
  editP95Ms: number;
  /** A letter of a task's prefix string changed. */
  prefixEditMedianMs: number;
  prefixEditP95Ms: number;
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
  if (yls) await client.notify(DidChangeConfigurationNotification.type, { settings: { yaml: yamlSettings } });
  let text = readFileSync(file, 'utf8');
  const t0 = performance.now();
  const uri = await client.open(file, text, yls ? 'yaml' : 'mixture-yaml');
  await client.nextDiagnostics(uri, 0, 120_000);
  const openMs = performance.now() - t0;

  /**
   * Keystrokes at `edits` anchors spread over the file (one task each), each waiting for its diagnostics; a few
   * edits first warm up both servers' code paths (JIT) and are not counted. `keystroke` says what replaces what.
   */
  const timeEdits = async (anchors: number[], keystroke: (at: number) => { end: number; newText: string }): Promise<number[]> => {
    const times: number[] = [];
    const warmup = 5;
    for (let i = -warmup; i < edits; i++) {
      const k = Math.floor((((i + warmup) % edits) + 1) * anchors.length / (edits + 1));
      const at = anchors[k]!;
      const { end, newText } = keystroke(at);
      const count = client.publishedCount(uri);
      // The client's own bookkeeping (offset -> position over the whole text) stays outside the timed span.
      const change = { range: { start: positionAt(text, at), end: positionAt(text, end) }, text: newText };
      text = text.slice(0, at) + newText + text.slice(end);
      const delta = newText.length - (end - at);
      for (let j = k + 1; j < anchors.length && delta !== 0; j++) anchors[j]! += delta;
      const start = performance.now();
      await client.change(uri, [change]);
      await client.nextDiagnostics(uri, count, 120_000);
      if (i >= 0) times.push(performance.now() - start);
    }
    return times;
  };
  const anchorsAfter = (key: string): number[] => {
    const anchors: number[] = [];
    for (let at = text.indexOf(key); at !== -1; at = text.indexOf(key, at + 1)) anchors.push(at + key.length);
    return anchors;
  };
  // One digit of a task's `examples`: only its rate changes.
  const anchors = anchorsAfter('examples: ');
  const editTimes = await timeEdits(anchors, (at) => ({ end: at + 1, newText: text[at] === '9' ? '8' : '9' }));
  // A letter of a task's prefix string changed (`"task 42:"` -> `"tAsk 42:"`): the cross-task prefix checks
  // (duplicates, one prefix starting another) must look at it against every other task's prefix. One character
  // for one, as the digit above, so that the two figures differ only by what the edit makes the server re-check.
  const prefixEditTimes = await timeEdits(anchorsAfter('prefix: "t'), (at) => ({ end: at + 1, newText: text[at] === 'a' ? 'A' : 'a' }));

  const middle = text.indexOf(`name: task_${String(Math.floor(anchors.length / 2)).padStart(5, '0')}`);
  const namePos = positionAt(text, middle + 8);
  const keyPos = positionAt(text, text.indexOf('examples:', middle) + 2);
  const hoverMs = await timeIt(() => client.send(HoverRequest.type, { textDocument: { uri }, position: namePos }), 20);
  const completionMs = await timeIt(() => client.send(CompletionRequest.type, { textDocument: { uri }, position: keyPos }), 20);
  const symbolsMs = await timeIt(() => client.send(DocumentSymbolRequest.type, { textDocument: { uri } }), 10);
  const peakRssMb = peakRss(client.process.pid);
  await client.stop();
  return {
    openMs,
    editMedianMs: quantile(editTimes, 0.5),
    editP95Ms: quantile(editTimes, 0.95),
    prefixEditMedianMs: quantile(prefixEditTimes, 0.5),
    prefixEditP95Ms: quantile(prefixEditTimes, 0.95),
    hoverMs,
    completionMs,
    symbolsMs,
    peakRssMb,
  };
}

function row(label: string, f: Figures): string {
  const ms = (x: number) => x.toFixed(1).padStart(9);
  return `${label.padEnd(22)}${ms(f.openMs)}${ms(f.editMedianMs)}${ms(f.editP95Ms)}${ms(f.prefixEditMedianMs)}${ms(f.prefixEditP95Ms)}${ms(f.hoverMs)}${ms(f.completionMs)}${ms(f.symbolsMs)}${(f.peakRssMb === null ? '-' : f.peakRssMb.toFixed(0)).padStart(9)}`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-bench-lsp-'));
  const schemaPath = join(repoRoot, 'media', 'mixture.schema.json');
  const targets = { 1000: 15, 10000: 120 } as const;
  let failed = false;
  try {
    // `node out/scripts/bench-lsp.js 1000` runs one size only.
    const asked = process.argv.slice(2).map(Number).filter((n): n is 1000 | 10000 => n === 1000 || n === 10000);
    for (const n of asked.length > 0 ? asked : ([1000, 10000] as const)) {
      const file = join(dir, `generated-${n}.mixture.yaml`);
      writeFileSync(file, generateMixtureText(n));
      const edits = n === 1000 ? 40 : 20;
      // Timings mean little on a busy machine (2 cores shared with other work): the load average goes beside them.
      const loadBefore = loadavg()[0]!;
      const ours = await measure('taskmix', file, edits, schemaPath);
      const theirs = await measure('yaml-language-server', file, edits, schemaPath);
      const loadAfter = loadavg()[0]!;
      console.log(
        `\n${n.toLocaleString('en-US')} tasks (${(readFileSync(file).length / 1e6).toFixed(2)} MB), ${edits} edits of each kind; times in ms, RSS in MB; ` +
          `load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after, on ${cpus().length} CPUs`,
      );
      console.log(`${''.padEnd(22)}${['open', 'edit p50', 'edit p95', 'prefix50', 'prefix95', 'hover', 'complete', 'symbols', 'peak RSS'].map((h) => h.padStart(9)).join('')}`);
      console.log(row('taskmix', ours));
      console.log(row('yaml-language-server', theirs));
      const ratio = theirs.editP95Ms / ours.editP95Ms;
      const ratioNoDelay = (theirs.editP95Ms - YLS_VALIDATION_DELAY_MS) / ours.editP95Ms;
      console.log(
        `edit -> diagnostics p95: yaml-language-server / taskmix = ${ratio.toFixed(1)}x ` +
          `(${ratioNoDelay.toFixed(1)}x without its fixed ${YLS_VALIDATION_DELAY_MS} ms validation delay); ` +
          `open: ${(theirs.openMs / ours.openMs).toFixed(1)}x`,
      );
      const prefixRatio = theirs.prefixEditP95Ms / ours.prefixEditP95Ms;
      console.log(`prefix edit -> diagnostics p95: yaml-language-server / taskmix = ${prefixRatio.toFixed(1)}x`);
      const checks = [
        [`edit p95 <= ${targets[n]} ms`, ours.editP95Ms <= targets[n]],
        ['>= 10x faster than yaml-language-server (edit p95)', ratio >= 10],
        [`prefix edit p95 <= ${targets[n]} ms`, ours.prefixEditP95Ms <= targets[n]],
        ['>= 10x faster than yaml-language-server (prefix edit p95)', prefixRatio >= 10],
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
