// The first run (issue 15): `npm start` and `npm test` install the Debian packages they need when they can (root
// with apt-get, as .ci/run does), else print the one command to run. The decision only: apt is never run here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planSystemPackages, SYSTEM_PACKAGES } from '../../scripts/systemPackages.mjs';

test('nothing missing: nothing to do', () => {
  assert.deepEqual(planSystemPackages({ missing: [], isRoot: false, hasApt: true, hasSudo: true }), { action: 'none' });
});

test('root with apt-get: update, then install exactly what is missing', () => {
  assert.deepEqual(planSystemPackages({ missing: ['ripgrep'], isRoot: true, hasApt: true, hasSudo: false }), {
    action: 'install',
    commands: [['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', '-qq', 'ripgrep']],
  });
});

test('not root: the one command to run, with sudo when there is one', () => {
  assert.deepEqual(planSystemPackages({ missing: ['chromium', 'libkrb5-dev'], isRoot: false, hasApt: true, hasSudo: true }), {
    action: 'tell',
    command: 'sudo apt-get update && sudo apt-get install -y chromium libkrb5-dev',
  });
  assert.equal(planSystemPackages({ missing: ['ripgrep'], isRoot: false, hasApt: true, hasSudo: false }).action, 'tell');
  assert.equal(planSystemPackages({ missing: ['ripgrep'], isRoot: true, hasApt: false, hasSudo: false }).action, 'tell');
});

test('the packages are those .ci/run installs, and npm start and npm test check them first', () => {
  const ci = readFileSync(join(__dirname, '..', '..', '..', '.ci', 'run'), 'utf8');
  assert.match(ci, new RegExp(`for pkg in ${SYSTEM_PACKAGES.join(' ')};`));
  const scripts = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')).scripts;
  assert.equal(scripts.prestart, 'node scripts/systemPackages.mjs');
  assert.equal(scripts.pretest, 'node scripts/systemPackages.mjs');
});
