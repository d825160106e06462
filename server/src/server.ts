// The TaskMix language server: `node dist/server.js --stdio` (or --node-ipc, --socket=N).
// The connection is made here; everything it answers is wired in lsp/mixtureServer.ts.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startMixtureServer } from './lsp/mixtureServer';

const connection = createConnection(ProposedFeatures.all);

// Handlers are guarded one by one; these catch what escapes anyway (a stray callback), so that one bug
// costs a log line, not every open editor's language features.
const report = (what: string) => (e: unknown) => connection.console.error(`${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
process.on('unhandledRejection', report('unhandled rejection'));
process.on('uncaughtException', report('uncaught exception'));

startMixtureServer(connection);
connection.listen();
