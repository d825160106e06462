// Runs the mocha suite (out/test/e2e/suite) inside the extension host of a running code-server, the way
// @vscode/test-web does: the workbench reads extensionTestsPath from the URL's payload and reports through
// window.codeAutomationLog / codeAutomationExit.
import { join } from 'node:path';
import { REPO_ROOT } from '../../scripts/vscode/paths';
import { pollFor, saveEvidence } from './browser';
import { scaled } from './pace';
import type { VsCodeSession } from './session';

export interface ExtensionHostRun {
  exitCode: number;
  log: string[];
}

export async function runExtensionHostSuite(session: VsCodeSession, quietMs = 120_000): Promise<ExtensionHostRun> {
  const page = await session.browser.context.newPage();
  const log: string[] = [];
  let exitCode: number | undefined;
  try {
    await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
      log.push(`${String(type)}: ${Array.isArray(args) ? args.map(String).join(' ') : String(args)}`);
    });
    await page.exposeFunction('codeAutomationExit', (code: unknown) => {
      exitCode = typeof code === 'number' ? code : 1;
    });
    const remote = (path: string): string => `vscode-remote://127.0.0.1:${session.server.port}${path}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(session.extensionDir)],
      ['extensionTestsPath', remote(join(REPO_ROOT, 'out', 'test', 'e2e', 'suite', 'index.js'))],
    ]);
    await page.goto(`${session.server.url}?folder=${encodeURIComponent(session.workspace)}&payload=${encodeURIComponent(payload)}`, { timeout: scaled(60_000) });
    try {
      const code = await pollFor('the extension-host suite to finish', async () => exitCode, quietMs, { everyMs: 200 });
      return { exitCode: code, log };
    } catch (err) {
      const evidence = await saveEvidence(page, `${session.target.id}-extension-host-suite`);
      throw new Error(`${(err as Error).message} (evidence: ${evidence}.png/.html); its log so far:\n${log.join('\n')}`, { cause: err });
    }
  } finally {
    await page.close().catch(() => undefined);
  }
}
