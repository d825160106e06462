// The `taskmix` executable: wiring only; the commands live in cli/main.ts.
import { runCli } from './cli/main';

runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`taskmix: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 70;
  },
);
