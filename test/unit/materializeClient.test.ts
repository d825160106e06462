// The "Materialize Mixture..." command's process side, run against the built CLI (dist/cli.js), and its manifest entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultMaterializePath, materializeArgs, parseExamplesInput, runMaterialize } from '../../client/src/materializeProcess';
import { MaterializeMixtureCommand } from '../../contracts/commands';
import type { MaterializeProgressLine } from '../../contracts/materialize';

const repo = resolve(__dirname, '..', '..', '..');
const bin = join(repo, 'dist', 'cli.js');
const built = existsSync(bin) ? false : 'dist/cli.js is not built';

function fixture(records: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-materialize-client-'));
  writeFileSync(join(dir, 'a.jsonl'), Array.from({ length: records }, (_, i) => JSON.stringify({ input: `a ${i} `.repeat(20), target: 'x' }) + '\n').join(''));
  writeFileSync(join(dir, 'b.jsonl'), Array.from({ length: 7 }, (_, i) => JSON.stringify({ input: `b ${i}`, target: 'y' }) + '\n').join(''));
  writeFileSync(join(dir, 'm.mixture.yaml'), 'mixture: m\nbudget: {examples: 40}\ntasks:\n  - {name: a, prefix: "a:", data: a.jsonl}\n  - {name: b, prefix: "b:", data: b.jsonl}\n');
  return dir;
}

test('materialize command: arguments, default path, the examples box', () => {
  assert.deepEqual(materializeArgs({ mixture: '/w/m.mixture.yaml', out: '/w/o.jsonl' }), ['materialize', '/w/m.mixture.yaml', '--out', '/w/o.jsonl', '--json', '--progress', 'json']);
  assert.deepEqual(materializeArgs({ mixture: 'm', out: 'o.parquet', examples: 10, seed: 3, shards: 4, split: 'eval', format: 'parquet', force: true }).slice(7), [
    '--examples', '10', '--seed', '3', '--shards', '4', '--split', 'eval', '--format', 'parquet', '--force',
  ]);
  assert.equal(defaultMaterializePath('/w/glue.mixture.yaml'), '/w/glue.train.jsonl');
  assert.equal(defaultMaterializePath('/w/glue.mixture.yml', 'eval', 'parquet'), '/w/glue.eval.parquet');
  assert.deepEqual(parseExamplesInput(' '), {});
  assert.deepEqual(parseExamplesInput('1_000,000'), { examples: 1_000_000 });
  assert.ok('error' in parseExamplesInput('0'));
  assert.ok('error' in parseExamplesInput('2.5'));
});

test('materialize command: runs the CLI, reports progress, returns its report', { skip: built }, async () => {
  const dir = fixture(50);
  try {
    const lines: MaterializeProgressLine[] = [];
    const outcome = await runMaterialize(bin, { mixture: join(dir, 'm.mixture.yaml'), out: join(dir, 'out.jsonl') }, (l) => lines.push(l));
    assert.equal(outcome.status, 'done', JSON.stringify(outcome));
    if (outcome.status !== 'done') return;
    assert.equal(outcome.report.examples, 40);
    assert.deepEqual(outcome.report.files.map((f) => f.path), ['out.jsonl']);
    assert.equal(readFileSync(join(dir, 'out.jsonl'), 'utf8').split('\n').length - 1, 40);
    assert.equal(lines[0]!.phase, 'counting');
    assert.deepEqual(lines[lines.length - 1], { type: 'progress', phase: 'done', fraction: 1, message: 'wrote 40 examples' });
    for (let i = 1; i < lines.length; i++) assert.ok(lines[i]!.fraction >= lines[i - 1]!.fraction, 'progress only goes forward');

    const failed = await runMaterialize(bin, { mixture: join(dir, 'm.mixture.yaml'), out: join(dir, 'out.jsonl') }, () => undefined);
    assert.equal(failed.status, 'failed');
    if (failed.status === 'failed') assert.match(failed.message, /out\.jsonl: error: exists already: pass --force/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('materialize command: cancelling stops the CLI, which removes its partial output', { skip: built }, async () => {
  const dir = fixture(40_000);
  try {
    const controller = new AbortController();
    const outcome = await runMaterialize(
      bin,
      { mixture: join(dir, 'm.mixture.yaml'), out: join(dir, 'out.jsonl'), examples: 3_000_000 },
      (line) => {
        if (line.phase === 'reading' || line.phase === 'writing') controller.abort();
      },
      controller.signal,
    );
    assert.ok(controller.signal.aborted, 'a reading progress line arrived');
    assert.deepEqual(outcome, { status: 'cancelled' });
    assert.deepEqual(readdirSync(dir).sort(), ['a.jsonl', 'b.jsonl', 'm.mixture.yaml']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('manifest: Materialize Mixture... is contributed, on the palette for mixtures, and registered', () => {
  const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const command = manifest.contributes.commands.find((c: { command: string }) => c.command === MaterializeMixtureCommand);
  assert.deepEqual(command, { command: 'taskmix.materializeMixture', title: 'Materialize Mixture...', category: 'TaskMix' });
  assert.ok(manifest.contributes.menus.commandPalette.some((m: { command: string; when: string }) => m.command === MaterializeMixtureCommand && m.when === 'editorLangId == mixture-yaml'));
  assert.ok(manifest.dependencies['hyparquet-writer'], 'hyparquet-writer is a dependency (the CLI bundles it)');
  assert.match(manifest.scripts['bench:materialize'], /bench-materialize/);
  assert.match(readFileSync(join(repo, 'client/src/extension.ts'), 'utf8'), /registerMaterializeCommand\(context\)/);
  assert.match(readFileSync(join(repo, 'client/src/materializeCommand.ts'), 'utf8'), /registerCommand\(MaterializeMixtureCommand/);
});
