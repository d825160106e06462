// The Debian packages `npm start` and `npm test` need (as .ci/run installs them): chromium (the browser and e2e
// tests, code-server's screenshots), ripgrep (code-server installs offline with the system's rg) and libkrb5-dev
// (code-server's native modules build against it). Run as the `prestart` and `pretest` scripts: installs what is
// missing when it can (root with apt-get), else prints the one command to run and stops. Elsewhere (not Debian) it
// does nothing. The decision is a pure function (planSystemPackages), tested in test/unit/systemPackages.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const SYSTEM_PACKAGES = ['chromium', 'ripgrep', 'libkrb5-dev'];

/**
 * What to do about the packages: nothing, run apt-get (root), or tell the user the one command.
 * @param {{ missing: string[], isRoot: boolean, hasApt: boolean, hasSudo: boolean }} s
 * @returns {{ action: 'none' } | { action: 'install', commands: string[][] } | { action: 'tell', command: string }}
 */
export function planSystemPackages({ missing, isRoot, hasApt, hasSudo }) {
  if (missing.length === 0) return { action: 'none' };
  const install = ['apt-get', 'install', '-y', '-qq', ...missing];
  if (isRoot && hasApt) return { action: 'install', commands: [['apt-get', 'update', '-qq'], install] };
  const sudo = hasSudo && !isRoot ? 'sudo ' : '';
  return { action: 'tell', command: `${sudo}apt-get update && ${sudo}${install.filter((a) => a !== '-qq').join(' ')}` };
}

function main() {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/dpkg') || process.env.TASKMIX_SKIP_SYSTEM_PACKAGES) return 0;
  const missing = SYSTEM_PACKAGES.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  const plan = planSystemPackages({
    missing,
    isRoot: process.getuid?.() === 0,
    hasApt: existsSync('/usr/bin/apt-get'),
    hasSudo: existsSync('/usr/bin/sudo'),
  });
  if (plan.action === 'none') return 0;
  if (plan.action === 'tell') {
    console.error(`TaskMix needs these Debian packages: ${missing.join(', ')}. Install them with:\n\n  ${plan.command}\n\nthen run this command again.`);
    return 1;
  }
  console.log(`installing the Debian packages TaskMix needs: ${missing.join(', ')}`);
  for (const [cmd, ...args] of plan.commands) {
    const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) {
      console.error(`\`${[cmd, ...args].join(' ')}\` failed (exit ${r.status}).`);
      return 1;
    }
  }
  return 0;
}

// Run as a script only (the unit test imports the plan, bundled).
if (/systemPackages\.mjs$/.test(process.argv[1] ?? '')) process.exit(main());
