// Token counting in the editor: a progress notification while counts run (LSP work-done progress, which VS Code shows
// in its status bar and notifications), and a fresh analysis of the mixtures that read a data file when its count
// ends after their analysis stopped waiting for it (analyses.ts, TOKEN_WAIT_MS).
import type { WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { basename } from 'node:path';
import type { TokenProgress } from '../core/tokens';
import type { ServerContext } from './context';

/** `Counting tokens: b.jsonl 42%` (or `3 files 42%`). */
export function progressText(active: readonly TokenProgress[]): { message: string; percentage: number } {
  const total = active.reduce((sum, p) => sum + p.total, 0);
  const done = active.reduce((sum, p) => sum + Math.min(p.bytes, p.total), 0);
  const percentage = total > 0 ? Math.min(99, Math.floor((100 * done) / total)) : 0;
  const what = active.length === 1 ? basename(active[0]!.path) : `${active.length} files`;
  return { message: `${what} ${percentage}%`, percentage };
}

export function registerTokenProgress(ctx: ServerContext, revalidate: (path: string) => void): void {
  let reporter: Promise<WorkDoneProgressServerReporter | null> | null = null;
  ctx.project.onTokenProgress((active) => {
    if (!ctx.client.workDoneProgress) return;
    if (active.length === 0) {
      const ending = reporter;
      reporter = null;
      void ending?.then((r) => r?.done());
      return;
    }
    const { message, percentage } = progressText(active);
    if (!reporter) {
      reporter = ctx.connection.window.createWorkDoneProgress().then(
        (r) => {
          r.begin('TaskMix: counting tokens', percentage, message, false);
          return r;
        },
        (e: unknown) => {
          ctx.log(`token progress could not be shown: ${e instanceof Error ? e.message : String(e)}`);
          return null;
        },
      );
    } else void reporter.then((r) => r?.report(percentage, message));
  });
  ctx.project.onTokenCount((path) => revalidate(path));
}
