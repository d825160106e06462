// The editor around a mixture (issue 15, "The editor"): quick suggestions inside strings on and word-based suggestions
// off for [mixture-yaml] with 2-space indentation, as Red Hat's YAML extension contributes for [yaml]; walkthrough
// step descriptions with nothing VS Code shows literally (it renders links there, not code spans); the settings
// heading "TaskMix".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('configurationDefaults for [mixture-yaml]', () => {
  const d = manifest.contributes.configurationDefaults['[mixture-yaml]'];
  assert.deepEqual(d['editor.quickSuggestions'], { other: true, comments: false, strings: true });
  assert.equal(d['editor.wordBasedSuggestions'], 'off');
  assert.equal(d['editor.tabSize'], 2);
  assert.equal(d['editor.insertSpaces'], true);
});

test('walkthrough descriptions show no literal Markdown (code spans, emphasis, headings)', () => {
  for (const w of manifest.contributes.walkthroughs) {
    for (const text of [w.description, ...w.steps.map((s: { description: string }) => s.description)]) {
      const withoutLinks = text.replace(/\[[^\]]*\]\([^)]*\)/g, '');
      assert.doesNotMatch(withoutLinks, /[`*_#]/, text);
    }
  }
});

test('the settings heading reads TaskMix', () => {
  const c = manifest.contributes.configuration;
  for (const section of Array.isArray(c) ? c : [c]) assert.equal(section.title, 'TaskMix');
  assert.equal(manifest.displayName, 'TaskMix');
});
