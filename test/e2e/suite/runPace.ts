// The pace the test run measured (pace.ts), read inside the extension host from the file named by code-server's
// environment. Without that file (the suite started by hand) waits keep pace.ts's generous unmeasured factor.
import { readFileSync } from 'node:fs';
import { adoptMeasured, paceNote } from '../pace';

/** Must match PACE_FILE_ENV in ../session.ts (not imported: that module pulls in playwright). */
const PACE_FILE_ENV = 'TASKMIX_E2E_PACE_FILE';

/** Adopts the run's pace in this bundle (each bundle has its own copy of pace.ts); `announce` logs it. */
export function adoptRunPace(announce = false): void {
  const file = process.env[PACE_FILE_ENV];
  if (file) {
    try {
      adoptMeasured(readFileSync(file, 'utf8'));
    } catch (err) {
      console.log(`[taskmix-e2e] could not read the measured pace from ${file}: ${String(err)}`);
    }
  }
  if (announce) console.log(`[taskmix-e2e] pace: ${paceNote()}${file ? '' : ` (no ${PACE_FILE_ENV} in the environment)`}`);
}
