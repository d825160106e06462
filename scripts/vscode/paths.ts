// Where things live. Bundles run from out/scripts or out/test/e2e, so the repository is found by walking up.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && existsSync(join(dir, 'esbuild.mjs'))) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (pkg.name === 'taskmix') return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no TaskMix repository above ${from}`);
  }
}

/** The repository root (the folder holding TaskMix's package.json). */
export const REPO_ROOT = findRepoRoot(__dirname);
/** Everything installed for running VS Code: code-server versions, Node 24, the npm cache. Git-ignored. */
export const CACHE_ROOT = join(REPO_ROOT, '.cache', 'vscode');

/** The extension's manifest fields the scripts need. */
export function readManifest(): { name: string; publisher: string; version: string } {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
}

/** The .vsix `npm run package` writes: taskmix-<version>.vsix in the repository root. */
export function vsixPath(): string {
  const { name, version } = readManifest();
  return join(REPO_ROOT, `${name}-${version}.vsix`);
}
