// The `taskmix.playground.*` settings as the Playground reads them, respecting workspace trust. A workspace is
// anyone's repository: its settings could point the Playground at a model of its choosing (a hub id, or a folder in
// the repository that the panel is then allowed to read) or at a mirror that serves its own files. So in Restricted
// Mode the model comes from the user's own settings only, and the mirror, `machine`-scoped, never from a workspace.
// VS Code already drops workspace values of the manifest's `restrictedConfigurations` there; reading them this way
// holds even where it would not (an older host, a manifest that lost the list). No VS Code import: unit-tested.
import type { DeviceSetting, ModelPrecision } from '../../../contracts/playgroundMessages';
import type { PlaygroundSettings } from './playgroundModel';

/** Settings a workspace may not set in Restricted Mode: the manifest's `restrictedConfigurations`. */
export const RESTRICTED_PLAYGROUND_SETTINGS = ['taskmix.playground.model', 'taskmix.playground.mirror'] as const;

/** Settings no workspace may set at all: `"scope": "machine"` in the manifest. */
export const MACHINE_PLAYGROUND_SETTINGS = ['taskmix.playground.mirror'] as const;

/** The part of vscode.WorkspaceConfiguration (for the `taskmix.playground` section) read here. */
export interface PlaygroundConfiguration {
  get<T>(key: string, defaultValue: T): T;
  inspect<T>(key: string): { defaultValue?: T; globalValue?: T; workspaceValue?: T; workspaceFolderValue?: T } | undefined;
}

const SECTION = 'taskmix.playground.';

/** A setting's value from the user's own settings (or the default), whatever the workspace says. */
function userValue(config: PlaygroundConfiguration, key: string, fallback: string): string {
  const seen = config.inspect<unknown>(key);
  const value = seen?.globalValue ?? seen?.defaultValue;
  return typeof value === 'string' ? value : fallback;
}

/** `trusted`: vscode.workspace.isTrusted, read on each call (trust can be granted while the view is open). */
export function readPlaygroundSettings(config: PlaygroundConfiguration, trusted: boolean): PlaygroundSettings {
  const read = (key: 'model' | 'mirror'): string => {
    const full = `${SECTION}${key}`;
    // Trusted, the editor's own merge applies (it keeps `machine`-scoped settings out of workspaces).
    if (!trusted && (RESTRICTED_PLAYGROUND_SETTINGS as readonly string[]).includes(full)) return userValue(config, key, '');
    const value = config.get<unknown>(key, '');
    return typeof value === 'string' ? value : '';
  };
  const device = config.get<unknown>('device', 'auto');
  const precision = config.get<unknown>('precision', 'q8');
  return {
    model: read('model'),
    device: (device === 'wasm' || device === 'webgpu' ? device : 'auto') as DeviceSetting,
    precision: (precision === 'fp32' ? 'fp32' : 'q8') as ModelPrecision,
    mirror: read('mirror'),
  };
}
