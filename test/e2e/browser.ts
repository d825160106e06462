// Headless Debian Chromium driven by playwright-core (no Playwright browser download), and the evidence a failing
// step leaves behind: a screenshot and the DOM, in test-results/e2e/.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../scripts/vscode/paths';

export const RESULTS_DIR = join(REPO_ROOT, 'test-results', 'e2e');

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless Chromium with a throw-away profile in os.tmpdir(). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.TASKMIX_CHROMIUM ?? CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  if (!executablePath) throw new Error(`no Chromium found (${CHROMIUM_CANDIDATES.join(', ')}): apt-get install chromium`);
  const profile = mkdtempSync(join(tmpdir(), 'taskmix-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot and the DOM of `page` (and of its frames, webviews included) as `name`.png/.html. */
export async function saveEvidence(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const base = join(RESULTS_DIR, name.replace(/[^A-Za-z0-9._-]+/g, '-'));
  await page.screenshot({ path: `${base}.png`, fullPage: true, timeout: 10_000 }).catch(() => undefined);
  const parts: string[] = [];
  for (const frame of page.frames()) {
    const html = await frame.content().catch((err: unknown) => `<!-- unreadable: ${String(err)} -->`);
    parts.push(`<!-- frame ${frame.url()} -->\n${html}`);
  }
  writeFileSync(`${base}.html`, parts.join('\n\n'));
  return base;
}

/**
 * Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs` with `what` and the
 * last value seen; never a fixed sleep.
 */
export async function pollFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 10_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? `: ${lastError.message.split('\n')[0]}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
