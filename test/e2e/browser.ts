// Headless Debian Chromium driven by playwright-core (no Playwright browser download), and the evidence a failing
// step leaves behind: a screenshot and the DOM, in test-results/e2e/.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../scripts/vscode/paths';
import { paceNote, scaled } from './pace';

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
    timeout: scaled(60_000),
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  applyPace(context);
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Playwright's own waits (a click waiting for its element, innerText, navigation) follow the measured pace too:
 * called at launch and again once the workbench's start is measured.
 */
export function applyPace(context: BrowserContext): void {
  context.setDefaultTimeout(scaled(30_000));
  context.setDefaultNavigationTimeout(scaled(60_000));
}

/** Saves a screenshot and the DOM of `page` (and of its frames, webviews included) as `name`.png/.html. */
export async function saveEvidence(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const base = join(RESULTS_DIR, name.replace(/[^A-Za-z0-9._-]+/g, '-'));
  await page.screenshot({ path: `${base}.png`, fullPage: true, timeout: scaled(10_000) }).catch(() => undefined);
  const parts: string[] = [];
  for (const frame of page.frames()) {
    const html = await frame.content().catch((err: unknown) => `<!-- unreadable: ${String(err)} -->`);
    parts.push(`<!-- frame ${frame.url()} -->\n${html}`);
  }
  writeFileSync(`${base}.html`, parts.join('\n\n'));
  return base;
}

/** What the current step did last (its waits, commands, phases), with times: the failure message shows it. */
const trail: string[] = [];
let trailStart = Date.now();

/** Starts a new trail (at the start of a step). */
export function startTrail(): void {
  trail.length = 0;
  trailStart = Date.now();
}

/** Adds a line to the trail. */
export function note(line: string): void {
  trail.push(`${((Date.now() - trailStart) / 1000).toFixed(1)} s  ${line}`);
  if (trail.length > 30) trail.shift();
}

/** The trail so far, one line each. */
export function trailText(): string {
  return trail.join('\n');
}

export interface PollOptions {
  /** how often to probe, in ms */
  everyMs?: number;
  /** what the relevant part of the screen showed, for the failure message (e.g. the Problems panel's rows) */
  seen?: () => Promise<string>;
}

/**
 * Polls `probe` until it returns a value other than undefined/false, or fails after `quietMs` scaled to this
 * machine's pace (see pace.ts) with `what`, the last error and what `seen` reports; never a fixed sleep.
 */
export async function pollFor<T>(what: string, probe: () => Promise<T | undefined | false>, quietMs = 10_000, options: PollOptions = {}): Promise<T> {
  const timeoutMs = scaled(quietMs);
  const deadline = Date.now() + timeoutMs;
  note(`waiting up to ${timeoutMs} ms for ${what}`);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
      // A closed page or browser never comes back: fail now rather than at the deadline.
      if (err instanceof Error && /has been closed/.test(err.message)) break;
    }
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, options.everyMs ?? 100));
  }
  const why = lastError instanceof Error ? ` (last error: ${lastError.message.split('\n')[0]})` : '';
  const seen = options.seen ? await options.seen().catch((err: unknown) => `unreadable: ${String(err).split('\n')[0]}`) : undefined;
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}; ${paceNote()}${seen === undefined ? '' : `\nseen: ${seen}`}`);
}
