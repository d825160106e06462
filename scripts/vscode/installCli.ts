// `node out/scripts/vscode/installCli.js [oldest,newest]`: installs the code-servers the e2e stage uses, ahead of
// time (CI caches can then keep .cache/vscode/).
import { ensureCodeServer } from './install';
import { selectTargets } from './targets';

async function main(): Promise<void> {
  for (const target of selectTargets(process.argv[2])) {
    const install = await ensureCodeServer(target);
    console.log(`${target.id}: code-server ${target.codeServer} (VS Code ${target.vscode}) at ${install.dir}, Node ${install.nodeBin}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
