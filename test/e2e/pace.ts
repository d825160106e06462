// Every wait of the e2e tests is scaled from one measured figure: how long this machine took to start VS Code's
// workbench at the start of the session (page load until the explorer lists the workspace), against how long a quiet
// machine takes. On a loaded machine (load average 9 on 2 cores) everything, the language server's answers and the
// webviews included, is several times slower, and a fixed deadline that holds on a quiet machine no longer does.
//
// A wait is written as its budget on a quiet machine, already generous (several times what it takes there), and
// `scaled` stretches it by the measured slowdown, never below MIN_WAIT_MS. No test waits on a bare number.

/** A cold workbench start (fresh browser profile) on a quiet 2-core machine, in ms: 2.5-4 s for VS Code 1.100 and 1.139. */
export const QUIET_WORKBENCH_START_MS = 4_000;
/** The factor used before the workbench's start is measured (installing, starting code-server): room for heavy load. */
const UNMEASURED_FACTOR = 8;
/** No wait is shorter than this, however fast the machine. */
const MIN_WAIT_MS = 5_000;
/** A workbench that took minutes to start says the machine is broken rather than slow; waits stop growing here. */
const MAX_FACTOR = 30;

let measuredMs: number | undefined;
let factor = UNMEASURED_FACTOR;

/** Sets the slowdown from the workbench's measured start; returns the factor (>= 1). */
export function calibrate(workbenchStartMs: number): number {
  measuredMs = workbenchStartMs;
  factor = Math.min(MAX_FACTOR, Math.max(1, workbenchStartMs / QUIET_WORKBENCH_START_MS));
  return factor;
}

/**
 * Takes the pace measured by the test run (the extension-host suite runs in another process: the run writes
 * { factor, workbenchStartMs } to a file whose path code-server's environment carries, see session.ts).
 */
export function adoptMeasured(json: string): void {
  const measured = JSON.parse(json) as { factor: number; workbenchStartMs?: number };
  factor = Math.min(MAX_FACTOR, Math.max(1, measured.factor));
  measuredMs = measured.workbenchStartMs;
}

/** A wait of `quietMs` on a quiet machine, stretched to this machine's measured pace. */
export function scaled(quietMs: number): number {
  return Math.round(Math.max(MIN_WAIT_MS, quietMs * factor));
}

/** How the waits are scaled, for logs and failure messages. */
export function paceNote(): string {
  const x = `x${factor.toFixed(1)}`;
  return measuredMs === undefined
    ? `waits ${x} (workbench start not measured yet)`
    : `waits ${x}: the workbench started in ${measuredMs} ms (quiet machine: ${QUIET_WORKBENCH_START_MS} ms)`;
}
