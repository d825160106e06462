// The client's logic (kept out of the vscode glue) and the manifest it relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkAllSummary, defaultExportPath } from '../../client/src/exportTarget';
import { advertisedLensCommands, lensesWithKnownCommands } from '../../client/src/lensFilter';
import { statusView } from '../../client/src/statusText';
import { defaultSettings, readSettings } from '../../server/src/lsp/settings';

const root = resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('status bar text: tasks and balance, problems in the icon and tooltip, stale marked', () => {
  const ok = statusView({ tasks: 9, normalizedEntropy: 0.8016, effectiveTasks: 5.8199, errors: 0, warnings: 0 }, false);
  assert.equal(ok.text, '$(graph) 9 tasks · H 0.80 · 5.8 effective');
  assert.match(ok.tooltip, /No problems/);
  const stale = statusView({ tasks: 9, normalizedEntropy: 0.8, effectiveTasks: 5.8, errors: 2, warnings: 1 }, true);
  assert.equal(stale.text, '$(error) 9 tasks · H 0.80 · 5.8 effective · stale');
  assert.match(stale.tooltip, /2 errors, 1 warning/);
  const none = statusView({ tasks: 1, normalizedEntropy: null, effectiveTasks: null, errors: 1, warnings: 0 }, false);
  assert.equal(none.text, '$(error) 1 task');
  assert.match(none.tooltip, /No rates/);
});

test('lenses: a command this window lacks is dropped, plain labels stay', () => {
  const lenses = [{ command: { command: 'taskmix.showBalancePreview' } }, { command: { command: 'taskmix.tryInPlayground' } }, { command: { command: '' } }, {}];
  const kept = lensesWithKnownCommands(lenses, new Set(['taskmix.showBalancePreview']));
  assert.deepEqual(kept, [lenses[0], lenses[2], lenses[3]]);
  assert.deepEqual(advertisedLensCommands(['a', 'b', 'c'], new Set(['c', 'a'])), ['a', 'c']);
});

test('export path beside the mixture, and the check-all summary', () => {
  assert.equal(defaultExportPath('/w/mix/glue.mixture.yaml', 'glue_t5.py'), '/w/mix/glue_t5.py');
  assert.equal(defaultExportPath('/w/glue.mixture.yaml', '../evil/x.py'), '/w/.._evil_x.py');
  assert.deepEqual(checkAllSummary({ files: [] }).severity, 'info');
  const s = checkAllSummary({ files: [{ uri: 'a', errors: 2, warnings: 1 }, { uri: 'b', errors: 0, warnings: 0 }] });
  assert.equal(s.message, 'TaskMix checked 2 mixtures: 2 errors, 1 warning (1 file with errors).');
  assert.equal(s.severity, 'error');
  assert.equal(checkAllSummary({ files: [{ uri: 'a', errors: 0, warnings: 3 }] }).severity, 'warning');
});

test('settings: the manifest declares every setting the server reads, with the same defaults', () => {
  const props = manifest.contributes.configuration.properties;
  assert.equal(props['taskmix.maxEpochs'].default, defaultSettings.maxEpochs);
  assert.equal(props['taskmix.starvedThreshold'].default, defaultSettings.starvedThreshold);
  assert.equal(props['taskmix.countData.enabled'].default, defaultSettings.countData);
  assert.equal(props['taskmix.countData.maxBytes'].default, defaultSettings.countDataMaxBytes);
  assert.equal(props['taskmix.inlayHints.enabled'].default, defaultSettings.inlayHints);
  assert.equal(props['taskmix.tokenizer'].default, defaultSettings.tokenizer);
  assert.equal(props['taskmix.diminishingRepeats'].default, defaultSettings.diminishingRepeats);
  // VS Code sends dotted settings as nested objects.
  assert.deepEqual(readSettings({ maxEpochs: 4, starvedThreshold: 2, countData: { enabled: false, maxBytes: 10 }, inlayHints: { enabled: false }, tokenizer: 'models/t5', diminishingRepeats: 3 }), {
    maxEpochs: 4,
    starvedThreshold: 2,
    countData: false,
    countDataMaxBytes: 10,
    inlayHints: false,
    tokenizer: 'models/t5',
    diminishingRepeats: 3,
  });
  // Wrong types and nonsense fall back to the defaults instead of breaking analysis.
  assert.deepEqual(readSettings({ maxEpochs: -1, starvedThreshold: 'x', countData: 3, inlayHints: null, tokenizer: 5, diminishingRepeats: 0 }), defaultSettings);
  assert.deepEqual(readSettings(undefined), defaultSettings);
});

test('manifest: language, grammar, commands in the TaskMix category, schema and activation', () => {
  const c = manifest.contributes;
  const lang = c.languages.find((l: { id: string }) => l.id === 'mixture-yaml');
  assert.deepEqual(lang.filenamePatterns, ['*.mixture.yaml', '*.mixture.yml']);
  for (const file of [lang.configuration, lang.icon.light, c.grammars[0].path, c.yamlValidation[0].url]) {
    assert.ok(readFileSync(join(root, file)).length > 0, file);
  }
  const grammar = JSON.parse(readFileSync(join(root, c.grammars[0].path), 'utf8'));
  assert.deepEqual(grammar.patterns, [{ include: 'source.yaml' }]);
  const config = JSON.parse(readFileSync(join(root, lang.configuration), 'utf8'));
  assert.equal(config.comments.lineComment, '#');
  for (const re of Object.values(config.indentationRules) as string[]) new RegExp(re);
  const ids = c.commands.map((x: { command: string; category: string }) => (assert.equal(x.category, 'TaskMix'), x.command));
  for (const id of ['taskmix.showBalancePreview', 'taskmix.exportMixture', 'taskmix.checkAllMixtures', 'taskmix.restartServer']) assert.ok(ids.includes(id), id);
  // Every command registered by the client's own code is contributed.
  const source = readFileSync(join(root, 'client/src/commands.ts'), 'utf8');
  for (const m of source.matchAll(/Command = '([\w.]+)'/g)) assert.ok(ids.includes(m[1]), m[1]);
  assert.ok(manifest.activationEvents.includes('onLanguage:mixture-yaml'));
  assert.equal(manifest.main, './dist/extension.js');
});
