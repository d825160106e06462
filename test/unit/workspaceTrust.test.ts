// Workspace trust: the manifest lets the extension run in Restricted Mode and in virtual workspaces (limited), keeps
// the Playground's model and mirror out of an untrusted workspace's hands, and the client reads them that way too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MACHINE_PLAYGROUND_SETTINGS, readPlaygroundSettings, RESTRICTED_PLAYGROUND_SETTINGS, type PlaygroundConfiguration } from '../../client/src/views/playgroundSettings';

const root = resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const properties: Record<string, { scope?: string; type?: string }> = manifest.contributes.configuration.properties;

test('the manifest declares limited support for untrusted and virtual workspaces, each with a description', () => {
  const untrusted = manifest.capabilities?.untrustedWorkspaces;
  assert.equal(untrusted?.supported, 'limited', 'without this, VS Code disables the extension in Restricted Mode');
  assert.ok(typeof untrusted.description === 'string' && untrusted.description.length > 20);
  const virtual = manifest.capabilities?.virtualWorkspaces;
  assert.ok(virtual !== undefined, 'virtualWorkspaces is declared');
  assert.equal(virtual.supported, 'limited');
  assert.ok(typeof virtual.description === 'string' && virtual.description.length > 20);
});

test('the Playground settings that choose a model or its source are restricted, and the mirror is machine-scoped', () => {
  const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
  assert.deepEqual([...restricted].sort(), [...RESTRICTED_PLAYGROUND_SETTINGS].sort(), 'the manifest and the client agree');
  for (const key of restricted) assert.ok(properties[key], `${key} is a contributed setting`);
  for (const key of MACHINE_PLAYGROUND_SETTINGS) assert.equal(properties[key]?.scope, 'machine', `${key} cannot be set by a workspace`);
  // Every string setting of the Playground that is not a fixed choice names a model or where one comes from.
  const free = Object.entries(properties).filter(([key, p]) => key.startsWith('taskmix.playground.') && p.type === 'string' && !('enum' in p)).map(([key]) => key);
  assert.deepEqual(free.sort(), [...RESTRICTED_PLAYGROUND_SETTINGS].sort());
});

/** A `taskmix.playground` section with values at each level, merged the way VS Code merges them. */
function configuration(levels: { default?: Record<string, unknown>; global?: Record<string, unknown>; workspace?: Record<string, unknown>; folder?: Record<string, unknown> }): PlaygroundConfiguration {
  return {
    get<T>(key: string, fallback: T): T {
      return (levels.folder?.[key] ?? levels.workspace?.[key] ?? levels.global?.[key] ?? levels.default?.[key] ?? fallback) as T;
    },
    inspect<T>(key: string) {
      return {
        defaultValue: levels.default?.[key] as T | undefined,
        globalValue: levels.global?.[key] as T | undefined,
        workspaceValue: levels.workspace?.[key] as T | undefined,
        workspaceFolderValue: levels.folder?.[key] as T | undefined,
      };
    },
  };
}

test('untrusted, the model and mirror come from the user settings (or the default), never from the workspace', () => {
  const evil = { model: './models/evil', mirror: 'http://evil.example', device: 'wasm', precision: 'fp32' };
  const defaults = { model: 'Xenova/flan-t5-small', mirror: '', device: 'auto', precision: 'q8' };
  const user = { model: 'me/my-t5' };
  for (const level of ['workspace', 'folder'] as const) {
    const config = configuration({ default: defaults, global: user, [level]: evil });
    assert.deepEqual(readPlaygroundSettings(config, false), { model: 'me/my-t5', mirror: '', device: 'wasm', precision: 'fp32' }, level);
    assert.deepEqual(readPlaygroundSettings(configuration({ default: defaults, [level]: evil }), false).model, 'Xenova/flan-t5-small');
    // Trusted, the workspace's choice stands (a project may pin its model).
    assert.deepEqual(readPlaygroundSettings(config, true), { model: './models/evil', mirror: 'http://evil.example', device: 'wasm', precision: 'fp32' });
  }
  // Values of the wrong type are ignored, not passed on.
  assert.deepEqual(readPlaygroundSettings(configuration({ global: { model: 42, mirror: ['x'], device: 'gpu' } }), false), { model: '', mirror: '', device: 'auto', precision: 'q8' });
});
