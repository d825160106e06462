import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs, { mkdtempSync, rmSync, truncateSync, writeFileSync, mkdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MixtureProject } from '../../server/src/core/analyze';
import { applyEdits } from '../../server/src/core/validate';
import { makeFifo } from './helpers/dataFiles';

function withDir(files: Record<string, string>, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-analyze-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

const codes = (ds: { code: string }[]) => ds.map((d) => d.code).sort();

test('a task reached along two paths is one task whose rate is the sum', () =>
  withDir(
    {
      'root.mixture.yaml': 'mixture: root\nsampling: {strategy: uniform}\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 10\n  - include: sub.mixture.yaml\n',
      'sub.mixture.yaml': 'mixture: sub\nsampling: {strategy: uniform}\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 10\n  - name: b\n    prefix: "b:"\n    examples: 30\n',
    },
    async (dir) => {
      const a = await new MixtureProject().analyze(join(dir, 'root.mixture.yaml'));
      assert.deepEqual(a.diagnostics, []);
      // root: a (1/2) and sub (1/2); sub: a (1/2), b (1/2) -> a = 1/2 + 1/4, b = 1/4.
      const rates = Object.fromEntries(a.rates!.tasks.map((t) => [t.name, t.rate]));
      assert.ok(Math.abs(rates.a! - 0.75) < 1e-12);
      assert.ok(Math.abs(rates.b! - 0.25) < 1e-12);
      const b = a.tasks.find((t) => t.name === 'b')!;
      assert.equal(b.file, join(dir, 'sub.mixture.yaml'));
      assert.deepEqual(b.via, ['root', 'sub']);
      assert.equal(a.tasks.find((t) => t.name === 'a')!.paths, 2);
      assert.ok(a.dependencies.includes(join(dir, 'sub.mixture.yaml')));
    },
  ));

test('a definition conflict across paths is an error; a missing include and a cycle are errors at the include', () =>
  withDir(
    {
      'root.mixture.yaml': 'mixture: root\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 10\n  - include: sub.mixture.yaml\n  - include: missing.mixture.yaml\n',
      'sub.mixture.yaml': 'mixture: sub\ntasks:\n  - name: a\n    prefix: "other:"\n    examples: 10\n',
      'c1.mixture.yaml': 'mixture: c1\ntasks:\n  - include: c2.mixture.yaml\n',
      'c2.mixture.yaml': 'mixture: c2\ntasks:\n  - name: x\n    prefix: "x:"\n    examples: 1\n  - include: c1.mixture.yaml\n',
    },
    async (dir) => {
      const project = new MixtureProject();
      const a = await project.analyze(join(dir, 'root.mixture.yaml'));
      assert.ok(codes(a.diagnostics).includes('task-definition-conflict'), JSON.stringify(a.diagnostics));
      const missing = a.diagnostics.find((d) => d.code === 'include-missing')!;
      assert.equal(a.text.slice(missing.range[0], missing.range[1]), 'missing.mixture.yaml');
      assert.equal(a.rates, null);
      const c = await project.analyze(join(dir, 'c1.mixture.yaml'));
      assert.ok(codes(c.diagnostics).some((x) => x === 'include-cycle' || x === 'include-has-errors'), JSON.stringify(c.diagnostics));
      const c2 = await project.analyze(join(dir, 'c2.mixture.yaml'));
      const cycle = c2.diagnostics.find((d) => d.code === 'include-cycle' || d.code === 'include-has-errors');
      assert.ok(cycle);
    },
  ));

test('an include with errors makes the parent say so, and rates wait', () =>
  withDir(
    {
      'root.mixture.yaml': 'mixture: root\ntasks:\n  - include: bad.mixture.yaml\n',
      'bad.mixture.yaml': 'mixture: bad\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: -1\n',
    },
    async (dir) => {
      const a = await new MixtureProject().analyze(join(dir, 'root.mixture.yaml'));
      assert.deepEqual(codes(a.diagnostics), ['include-has-errors']);
      assert.equal(a.rates, null);
    },
  ));

// seqio's Mixture.get_rate divides by a sub-mixture's total rate (rate * mix.get_rate(task) / mix.total_rate,
// seqio/dataset_providers.py at b898b9f992877cea2cda40dbc03597ea5cd4b08f), so a sub-mixture whose rates are all 0
// fails there even when the parent gives it probability 0 (proportional with n = 0 here).
test('an included mixture whose rates are all zero is include-has-errors, with or without rate', () =>
  withDir(
    {
      'root.mixture.yaml': 'mixture: root\ntasks:\n  - name: c\n    prefix: "c:"\n    examples: 10\n  - include: zero.mixture.yaml\n',
      'rated.mixture.yaml': 'mixture: rated\nsampling: {strategy: uniform}\ntasks:\n  - name: c\n    prefix: "c:"\n    examples: 10\n  - include: zero.mixture.yaml\n    rate: 0\n',
      'mid.mixture.yaml': 'mixture: mid\ntasks:\n  - name: c\n    prefix: "c:"\n    examples: 10\n  - include: root.mixture.yaml\n',
      'zero.mixture.yaml': 'mixture: zero\nsampling: {strategy: manual}\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 0\n    rate: 0\n',
    },
    async (dir) => {
      const project = new MixtureProject();
      const own = await project.analyze(join(dir, 'zero.mixture.yaml'));
      assert.deepEqual(codes(own.diagnostics), ['all-rates-zero']);
      for (const file of ['root', 'rated']) {
        const a = await project.analyze(join(dir, `${file}.mixture.yaml`));
        assert.deepEqual(codes(a.diagnostics), ['include-has-errors'], file);
        const d = a.diagnostics[0]!;
        assert.equal(a.text.slice(d.range[0], d.range[1]), 'zero.mixture.yaml');
        assert.match(d.message, /zero\.mixture\.yaml has 1 error.*every raw rate is zero/);
        assert.equal(a.rates, null, file);
      }
      // One level further up, the error travels as include-has-errors too.
      const mid = await project.analyze(join(dir, 'mid.mixture.yaml'));
      assert.deepEqual(codes(mid.diagnostics), ['include-has-errors']);
      assert.equal(mid.rates, null);
    },
  ));

test('counted data gives n; a task without examples or data is examples-unknown; a missing data file is located', () =>
  withDir(
    {
      'm.mixture.yaml': 'mixture: m\ntasks:\n  - name: a\n    prefix: "a:"\n    data: a.jsonl\n  - name: b\n    prefix: "b:"\n  - name: c\n    prefix: "c:"\n    data: nowhere.jsonl\n',
      'a.jsonl': '{"input": "x", "target": "y"}\n{"input": "x2", "target": "y2"}\n',
    },
    async (dir) => {
      const a = await new MixtureProject().analyze(join(dir, 'm.mixture.yaml'));
      assert.deepEqual(codes(a.diagnostics), ['data-file-missing', 'examples-unknown']);
      const unknown = a.diagnostics.find((d) => d.code === 'examples-unknown')!;
      assert.equal(a.text.slice(unknown.range[0], unknown.range[1]), 'b');
      const missing = a.diagnostics.find((d) => d.code === 'data-file-missing')!;
      assert.equal(a.text.slice(missing.range[0], missing.range[1]), 'nowhere.jsonl');
      assert.match(missing.message, /nowhere\.jsonl/);
      const off = await new MixtureProject().analyze(join(dir, 'm.mixture.yaml'), { countData: false });
      assert.ok(off.diagnostics.filter((d) => d.code === 'examples-unknown').length >= 2);
    },
  ));

test('examples that disagree with the counted data warn, with a fix that sets the count', () =>
  withDir(
    {
      'm.mixture.yaml': 'mixture: m\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 5\n    data: a.jsonl\n',
      'a.jsonl': '{"input": "x", "target": "y"}\n{"input": "x2", "target": "y2"}\n',
    },
    async (dir) => {
      const a = await new MixtureProject().analyze(join(dir, 'm.mixture.yaml'));
      const d = a.diagnostics.find((x) => x.code === 'examples-mismatch')!;
      assert.ok(d);
      assert.ok(d.fixes?.some((f) => f.edits.some((e) => e.newText.includes('2'))));
      assert.equal(a.rates!.tasks[0]!.examples, 5);
    },
  ));

test('edits keep the last valid rates as stale; watched-file changes re-count', () =>
  withDir(
    {
      'm.mixture.yaml': 'mixture: m\ntasks:\n  - name: a\n    prefix: "a:"\n    data: a.jsonl\n  - name: b\n    prefix: "b:"\n    examples: 2\n',
      'a.jsonl': '{"input": "x", "target": "y"}\n{"input": "x2", "target": "y2"}\n',
    },
    async (dir) => {
      const file = join(dir, 'm.mixture.yaml');
      const project = new MixtureProject();
      const text = 'mixture: m\ntasks:\n  - name: a\n    prefix: "a:"\n    data: a.jsonl\n  - name: b\n    prefix: "b:"\n    examples: 2\n';
      project.setText(file, text);
      const first = await project.analyze(file);
      assert.ok(Math.abs(first.rates!.tasks[0]!.rate - 0.5) < 1e-12);
      const at = text.indexOf('examples: 2') + 'examples: '.length;
      project.applyEdits(file, [{ range: [at, at + 1], text: '-' }]);
      const broken = await project.analyze(file);
      assert.equal(broken.rates, null);
      assert.deepEqual(broken.lastValidRates, first.rates);
      project.applyEdits(file, [{ range: [at, at + 1], text: '6' }]);
      const fixed = await project.analyze(file);
      assert.ok(Math.abs(fixed.rates!.tasks[0]!.rate - 0.25) < 1e-12);
      assert.deepEqual(project.dependentsOf(join(dir, 'a.jsonl')), [file]);
      writeFileSync(join(dir, 'a.jsonl'), '{"input": "x", "target": "y"}\n'.repeat(6));
      const future = new Date(Date.now() + 5000);
      utimesSync(join(dir, 'a.jsonl'), future, future);
      project.invalidate(join(dir, 'a.jsonl'));
      const recounted = await project.analyze(file);
      assert.equal(recounted.rates!.tasks[0]!.examples, 6);
      assert.ok(Math.abs(recounted.rates!.tasks[0]!.rate - 0.5) < 1e-12);
    },
  ));

test('rate-driven warnings: too many epochs and starved tasks, against the budget', () =>
  withDir(
    {
      'm.mixture.yaml':
        'mixture: m\nsampling: {strategy: uniform}\nbudget: {examples: 1000, max_epochs: 10}\ntasks:\n  - name: small\n    prefix: "s:"\n    examples: 10\n  - name: big\n    prefix: "b:"\n    examples: 100000000\n  - name: fine\n    prefix: "f:"\n    examples: 100\n',
    },
    async (dir) => {
      const a = await new MixtureProject().analyze(join(dir, 'm.mixture.yaml'));
      const epochs = a.diagnostics.find((d) => d.code === 'too-many-epochs')!;
      assert.equal(a.text.slice(epochs.range[0], epochs.range[1]), 'small');
      assert.ok(a.rates, 'warnings never stop the rates');
      const lowered = await new MixtureProject().analyze(join(dir, 'm.mixture.yaml'), { starvedThreshold: 1000 });
      assert.ok(lowered.diagnostics.some((d) => d.code === 'starved-task'));
    },
  ));

test('bad input never throws: binary garbage, a directory as include, an empty file', () =>
  withDir(
    {
      'garbage.mixture.yaml': '\u0000\u0001\u00ff\ufffd{[}]:::- - -\n\t\u0000',
      'empty.mixture.yaml': '',
      'dir.mixture.yaml': 'mixture: d\ntasks:\n  - include: sub\n',
      'sub/x': '',
    },
    async (dir) => {
      const project = new MixtureProject();
      for (const name of ['garbage.mixture.yaml', 'empty.mixture.yaml', 'dir.mixture.yaml']) {
        const a = await project.analyze(join(dir, name));
        assert.ok(a.diagnostics.some((d) => d.severity === 'error'), name);
        for (const d of a.diagnostics) assert.ok(d.range[0] >= 0 && d.range[1] <= Math.max(a.text.length, 0) + 1, `${name}: ${d.code}`);
      }
    },
  ));

test('cross-task checks skipped on unchanged names still catch every new duplicate (incremental = fresh)', () =>
  withDir({}, async (dir) => {
    const file = join(dir, 'm.mixture.yaml');
    let text = 'mixture: m\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 10\n  - name: b\n    prefix: "b:"\n    examples: 20\nresults:\n  single_task: {a: 1}\n';
    writeFileSync(file, text);
    const project = new MixtureProject();
    project.setText(file, text);
    const edits: [string, string][] = [
      ['examples: 20', 'examples: 25'], // memo path: nothing cross-task changed
      ['prefix: "b:"', 'prefix: "a:"'], // a duplicate appears
      ['examples: 25', 'examples: 30'], // duplicate still there while another value changes
      ['prefix: "a:"\n    examples: 30', 'prefix: "c:"\n    examples: 30'], // gone again
      ['{a: 1}', '{z: 1}'], // results name the memo must notice
      ['{z: 1}', '{a: 1}'],
      ['name: b', 'name: a'], // duplicate name
    ];
    for (const [from, to] of edits) {
      const at = text.lastIndexOf(from);
      assert.ok(at >= 0, from);
      project.applyEdits(file, [{ range: [at, at + from.length], text: to }]);
      text = text.slice(0, at) + to + text.slice(at + from.length);
      const incremental = await project.analyze(file);
      writeFileSync(file, text);
      const fresh = await new MixtureProject().analyze(file);
      assert.deepEqual(codes(incremental.diagnostics), codes(fresh.diagnostics), `after ${from} -> ${to}`);
      assert.deepEqual(incremental.diagnostics.map((d) => d.range), fresh.diagnostics.map((d) => d.range));
    }
  }));

test('per-task quick fixes are offered in the editor path too, and stay right after edits move the task', () =>
  withDir({}, async (dir) => {
    const file = join(dir, 'm.mixture.yaml');
    let text = 'mixture: m\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 3\n  - name: b\n    prefix: "b"\n    examples: 4\n';
    const project = new MixtureProject();
    project.setText(file, text);
    const first = (await project.analyze(file)).diagnostics.find((d) => d.code === 'prefix-missing-colon')!;
    assert.ok(first.fixes?.length, 'the fix is there on open');
    // An edit above the task moves it (its piece is not re-parsed, only shifted).
    project.applyEdits(file, [{ range: [10, 10], text: '\ndescription: moved down' }]);
    text = text.slice(0, 10) + '\ndescription: moved down' + text.slice(10);
    const moved = (await project.analyze(file)).diagnostics.find((d) => d.code === 'prefix-missing-colon')!;
    const edits = moved.fixes![0]!.edits;
    const fixed = applyEdits(text, edits);
    assert.equal(fixed, text.replace('prefix: "b"', 'prefix: "b:"'));
    project.setText(file, fixed);
    assert.ok(!(await project.analyze(file)).diagnostics.some((d) => d.code === 'prefix-missing-colon'));
  }));

test('includes and data that are not regular files are located errors, found without opening them', { timeout: 60_000 }, () =>
  withDir({ 'sub/x': '' }, async (dir) => {
    // A FIFO blocks its reader until a writer comes (should that regress, one comes after 10 s). Devices such as
    // /dev/zero, whose reading never ends, are tested through the CLI in a child process (cli.test.ts).
    const releases = [makeFifo(join(dir, 'pipe.mixture.yaml')), makeFifo(join(dir, 'pipe.jsonl'))];
    try {
      const includes = ['pipe.mixture.yaml', 'sub'];
      const text =
        'mixture: m\ntasks:\n' +
        includes.map((p) => `  - include: ${p}\n`).join('') +
        '  - name: a\n    prefix: "a:"\n    data: pipe.jsonl\n  - name: b\n    prefix: "b:"\n    examples: 1\n    eval: pipe.jsonl\n';
      writeFileSync(join(dir, 'm.mixture.yaml'), text);
      const a = await new MixtureProject().analyze(join(dir, 'm.mixture.yaml'));
      for (const p of includes) {
        const d = a.diagnostics.find((x) => x.code === 'include-missing' && a.text.slice(x.range[0], x.range[1]) === p);
        assert.ok(d, `${p}: ${a.diagnostics.map((x) => x.message).join(' | ')}`);
        assert.match(d.message, /^Cannot read the included file .*(FIFO|directory)/);
      }
      const unreadable = a.diagnostics.filter((x) => x.code === 'data-file-unreadable');
      assert.deepEqual(unreadable.map((x) => a.text.slice(x.range[0], x.range[1])), ['pipe.jsonl', 'pipe.jsonl']);
      assert.ok(unreadable.every((x) => /FIFO \(named pipe\), not a regular file/.test(x.message)));
    } finally {
      for (const release of releases) release();
    }
  }));

test('an include over the size limit is refused before it is read', () =>
  withDir({ 'm.mixture.yaml': 'mixture: m\ntasks:\n  - include: big.mixture.yaml\n  - name: a\n    prefix: "a:"\n    examples: 1\n' }, async (dir) => {
    const big = join(dir, 'big.mixture.yaml');
    writeFileSync(big, '');
    truncateSync(big, 40 * 1024 * 1024); // 40 MB of NULs, a sparse file: nothing on disk to read
    const opened: string[] = [];
    const spied = ['readFileSync', 'openSync'] as const;
    const originals = spied.map((name) => fs[name]);
    spied.forEach((name, i) => {
      (fs as Record<string, unknown>)[name] = (path: unknown, ...rest: unknown[]) => {
        if (path === big) opened.push(name);
        return (originals[i] as (...args: unknown[]) => unknown)(path, ...rest);
      };
    });
    try {
      const a = await new MixtureProject().analyze(join(dir, 'm.mixture.yaml'));
      assert.deepEqual(opened, [], 'the file was not opened');
      const d = a.diagnostics.find((x) => x.code === 'include-has-errors');
      assert.ok(d, a.diagnostics.map((x) => x.message).join(' | '));
      assert.equal(a.text.slice(d.range[0], d.range[1]), 'big.mixture.yaml');
      assert.match(d.message, /This file is 40\.0 MB; TaskMix reads mixture files of up to 32\.0 MB/);
    } finally {
      spied.forEach((name, i) => ((fs as Record<string, unknown>)[name] = originals[i]));
    }
  }));

test('what the data reader noticed is a warning at the path: a record too large to show, JSON Lines in a .json file', () =>
  withDir(
    {
      'm.mixture.yaml': 'mixture: m\ntasks:\n  - name: a\n    prefix: "a:"\n    data: big.jsonl\n  - name: b\n    prefix: "b:"\n    data: lines.json\n',
      'big.jsonl': `{"input": "${'x'.repeat(17 * 1024 * 1024)}", "target": "y"}\n{"input": "x", "target": "y"}\n`,
      'lines.json': '{"input": "x", "target": "y"}\n{"input": "x", "target": "y"}\n',
    },
    async (dir) => {
      const a = await new MixtureProject().analyze(join(dir, 'm.mixture.yaml'));
      const warnings = a.diagnostics.filter((d) => d.code === 'data-warning');
      assert.deepEqual(warnings.map((d) => [d.severity, a.text.slice(d.range[0], d.range[1])]), [['warning', 'big.jsonl'], ['warning', 'lines.json']]);
      assert.match(warnings[0]!.message, /record at line 1 is larger than 16 MiB/);
      assert.match(warnings[1]!.message, /holds JSON Lines/);
      assert.deepEqual(a.rates?.tasks.map((t) => t.examples), [2, 2]);
    },
  ));

test('an open buffer too large to re-check as it is typed: checked on open and checkNow, waiting (and saying so) after edits', () =>
  withDir({}, async (dir) => {
    const file = join(dir, 'm.mixture.yaml');
    const text = 'mixture: m\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 1\n  - name: b\n    prefix: "b:"\n    examples: 3\n';
    writeFileSync(file, text);
    writeFileSync(join(dir, 'parent.mixture.yaml'), 'mixture: p\ntasks:\n  - include: m.mixture.yaml\n');
    const project = new MixtureProject({ maxLiveLength: 60 });
    project.setText(file, text);
    const opened = await project.analyze(file);
    assert.ok(opened.rates, 'a full check on open');
    assert.deepEqual(opened.diagnostics.map((d) => [d.code, d.severity]), [['large-file', 'info']]);

    const at = text.indexOf('examples: 3') + 'examples: '.length;
    project.applyEdits(file, [{ range: [at, at + 1], text: '-3' }]);
    const edited = await project.analyze(file);
    assert.deepEqual(edited.diagnostics.map((d) => d.code), ['large-file'], 'no stale problems, and no false ones');
    assert.match(edited.diagnostics[0]!.message, /your edits are checked when you save/);
    assert.equal(edited.rates, null);
    assert.deepEqual(edited.lastValidRates, opened.rates);
    // A mixture that includes it reads what was saved meanwhile.
    const parent = await project.analyze(join(dir, 'parent.mixture.yaml'));
    assert.deepEqual(parent.rates?.tasks.map((t) => t.examples), [1, 3]);

    assert.equal(project.checkNow(file), true, 'on save');
    const saved = await project.analyze(file);
    assert.ok(saved.diagnostics.some((d) => d.code === 'negative-value' && saved.text.slice(d.range[0], d.range[1]) === '-3'));
    assert.ok(saved.diagnostics.some((d) => d.code === 'large-file'));
    assert.equal(project.checkNow(file), false);
    // The default limit is 4 MB: a smaller buffer is re-checked on every edit.
    const small = new MixtureProject();
    small.setText(file, text);
    small.applyEdits(file, [{ range: [at, at + 1], text: '-3' }]);
    assert.ok((await small.analyze(file)).diagnostics.some((d) => d.code === 'negative-value'));
  }));

test('data-malformed links to the data file at the bad line (related information with the absolute path)', () =>
  withDir(
    {
      'm.mixture.yaml': 'mixture: m\nsampling: {strategy: proportional}\ntasks:\n  - name: a\n    prefix: "a:"\n    data: data/a.jsonl\n',
      'data/a.jsonl': '{"input": "x", "target": "y"}\n{"input": "x", "target": "y"}\n{"input": oops}\n',
    },
    async (dir) => {
      const a = await new MixtureProject().analyze(join(dir, 'm.mixture.yaml'));
      const d = a.diagnostics.find((x) => x.code === 'data-malformed');
      assert.ok(d, codes(a.diagnostics).join(', '));
      assert.match(d.message, /^data\/a\.jsonl: Line 3 /);
      assert.deepEqual(d.related, [{ message: 'Line 3 of data/a.jsonl', range: [0, 0], file: join(dir, 'data/a.jsonl'), line: 3 }]);
    },
  ));
