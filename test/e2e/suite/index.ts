// Entry point VS Code's extension host calls (extensionTestsPath): runs the *.spec.js files beside it with mocha.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { scaled } from '../pace';
import { adoptRunPace } from './runPace';

export function run(): Promise<void> {
  adoptRunPace(true);
  // A backstop per test: each wait inside has its own scaled budget.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: scaled(60_000), reporter: 'spec' });
  for (const name of readdirSync(__dirname).filter((n) => n.endsWith('.spec.js')).sort()) mocha.addFile(join(__dirname, name));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
