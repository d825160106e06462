// Drives the bundled server (`node dist/server.js --stdio`) as a real LSP client would (the Volar pattern):
// a protocol connection over the child's pipes, answers to the server's own requests (configuration,
// registrations, refreshes), and waits that poll with timeouts instead of sleeping.
import { SERVER_NODE_ARGS } from '../../contracts/serverProcess';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import {
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type CompletionItem,
  type CompletionList,
  type Definition,
  type DocumentSymbol,
  type InitializeResult,
  type Location,
  type LocationLink,
  type NotificationType,
  type NotificationType0,
  type PublishDiagnosticsParams,
  type RequestType,
  type RequestType0,
  type SymbolInformation,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';

/** The repository root (tests run from out/test/lsp/, the bench from out/scripts/). */
export const repoRoot = resolve(__dirname, __dirname.includes(`${join('out', 'test')}`) ? '../../..' : '../..');
export const serverPath = join(repoRoot, 'dist', 'server.js');

export interface StartOptions {
  /** The `taskmix` section answered to workspace/configuration. */
  settings?: Record<string, unknown>;
  /** Other sections answered to workspace/configuration (e.g. `yaml` for yaml-language-server). */
  sections?: Record<string, unknown>;
  initializationOptions?: unknown;
  /** Extra argv for the server (e.g. a different transport). */
  serverPath?: string;
  serverArgs?: string[];
  /** Capabilities the client claims (defaults: configuration, watched files, refreshes). */
  capabilities?: ClientCapabilities;
}

export function fileUri(path: string): string {
  return URI.file(path).toString();
}

/** A fresh copy of examples/ (or another folder) in the temp dir, removed by the returned cleanup. */
export function tempWorkspace(from = join(repoRoot, 'examples')): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-lsp-'));
  cpSync(from, dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// The protocol types many answers as a union of shapes (and null); our server sends one of them. These narrow
// an answer to that shape, asserting, so that a test reads the fields it expects without casts.

/** The answer itself, asserting that there is one. */
export function answered<T>(value: T | null | undefined, what = 'an answer'): T {
  assert.ok(value !== null && value !== undefined, `expected ${what}, got ${String(value)}`);
  return value;
}

/** Completion items, which the server sends as a plain list. */
export function completionItems(answer: CompletionItem[] | CompletionList | null): CompletionItem[] {
  assert.ok(Array.isArray(answer), `expected a list of completion items, got ${JSON.stringify(answer)}`);
  return answer;
}

/** Document symbols, which the server sends as a tree (DocumentSymbol), never flat (SymbolInformation). */
export function documentSymbols(answer: DocumentSymbol[] | SymbolInformation[] | null): DocumentSymbol[] {
  assert.ok(Array.isArray(answer), `expected document symbols, got ${JSON.stringify(answer)}`);
  const symbols: (DocumentSymbol | SymbolInformation)[] = answer;
  assert.ok(symbols.every((s) => 'selectionRange' in s), 'expected DocumentSymbol, not SymbolInformation');
  return symbols as DocumentSymbol[];
}

/** Definitions, which the server sends as a list of Location (no LocationLink). */
export function locations(answer: Definition | LocationLink[] | null): Location[] {
  assert.ok(Array.isArray(answer), `expected a list of locations, got ${JSON.stringify(answer)}`);
  const found: (Location | LocationLink)[] = answer;
  assert.ok(found.every((l) => 'uri' in l), 'expected Location, not LocationLink');
  return found as Location[];
}

/** Code actions, which the server sends as CodeAction (no bare Command). */
export function codeActions(answer: (Command | CodeAction)[] | null): CodeAction[] {
  assert.ok(Array.isArray(answer), `expected a list of code actions, got ${JSON.stringify(answer)}`);
  assert.ok(answer.every((a) => typeof a.command !== 'string'), 'expected CodeAction, not Command');
  return answer as CodeAction[];
}

/** Polls probe until it gives a value; `wake` (when given) lets an event re-check at once instead of waiting for the next poll. */
export function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 10_000, wake?: Set<() => void>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const check = () => {
      const value = probe();
      if (value !== undefined && value !== null && value !== false) {
        done();
        resolve(value);
      } else if (Date.now() > deadline) {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      } else {
        timer = setTimeout(check, 20);
      }
    };
    const done = () => {
      if (timer) clearTimeout(timer);
      wake?.delete(check);
    };
    wake?.add(check);
    check();
  });
}

export class LspClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly logs: string[] = [];
  readonly registrations: unknown[] = [];
  readonly versions = new Map<string, number>();
  /** Waiters re-checked as soon as diagnostics arrive, so measured latencies include no polling delay. */
  private readonly diagnosticWaiters = new Set<() => void>();
  /** Waiters re-checked as soon as any other notification arrives. */
  private readonly notificationWaiters = new Set<() => void>();
  settings: Record<string, unknown>;
  configurationRequests = 0;
  initializeResult!: InitializeResult;
  private exited: Promise<number | null>;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
    this.exited = new Promise((r) => process.once('exit', (code) => r(code)));
  }

  static async start(options: StartOptions = {}): Promise<LspClient> {
    // Our server starts as the VS Code client starts it (its Node flags); another server (yaml-language-server) plainly.
    const nodeArgs = options.serverPath ? [] : SERVER_NODE_ARGS;
    const child = spawn(process.execPath, [...nodeArgs, options.serverPath ?? serverPath, ...(options.serverArgs ?? ['--stdio'])], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection, options.settings ?? {});
    child.stderr!.on('data', (d: Buffer) => client.logs.push(d.toString()));
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const list = client.diagnostics.get(p.uri) ?? [];
      list.push(p);
      client.diagnostics.set(p.uri, list);
      for (const wake of [...client.diagnosticWaiters]) wake();
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => client.logs.push(p.message));
    connection.onNotification((method, params) => {
      client.notifications.push({ method, params });
      for (const wake of [...client.notificationWaiters]) wake();
    });
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      client.configurationRequests++;
      return p.items.map((i) => (i.section === 'taskmix' ? client.settings : (options.sections?.[i.section ?? ''] ?? null)));
    });
    connection.onRequest('client/registerCapability', (p: unknown) => {
      client.registrations.push(p);
      return null;
    });
    connection.onRequest('workspace/inlayHint/refresh', () => null);
    connection.onRequest('workspace/codeLens/refresh', () => null);
    connection.listen();
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: options.capabilities ?? {
        workspace: {
          configuration: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          inlayHint: { refreshSupport: true },
          codeLens: { refreshSupport: true },
        },
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } },
      },
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** A request typed in contracts/lsp.ts (or the protocol's own): its params and result types come from `type`. */
  send<P, R>(type: RequestType<P, R, unknown>, params: NoInfer<P>): Promise<R> {
    return this.connection.sendRequest(type, params);
  }

  /** A request without params (e.g. `ExportFormatsRequest`, `ShutdownRequest`). */
  send0<R>(type: RequestType0<R, unknown>): Promise<R> {
    return this.connection.sendRequest(type);
  }

  /**
   * The one way to send params the types do not check: only for negative tests that must send a method nobody
   * declares, or params the contract's types forbid, to see how the server answers. Given a request type,
   * the answer is still typed. Every call carries a trailing `// unchecked: why` comment
   * (test/unit/contractsTypedRequests.test.ts holds us to it).
   */
  requestUnchecked<P, R>(type: RequestType<P, R, unknown>, params: unknown): Promise<R>;
  requestUnchecked(method: string, params: unknown): Promise<unknown>;
  requestUnchecked(typeOrMethod: { method: string } | string, params: unknown): Promise<unknown> {
    return this.connection.sendRequest(typeof typeOrMethod === 'string' ? typeOrMethod : typeOrMethod.method, params);
  }

  notify<P>(type: NotificationType<P>, params: NoInfer<P>): Promise<void> {
    return this.connection.sendNotification(type, params);
  }

  notify0(type: NotificationType0): Promise<void> {
    return this.connection.sendNotification(type);
  }

  /** The params of the first notification of `type` among those received from index `since` on (`notifications.length` before the action). */
  nextNotification<P>(type: NotificationType<P>, since: number, timeoutMs = 10_000): Promise<P> {
    const found = () => this.notifications.slice(since).find((n) => n.method === type.method);
    return waitFor(type.method, () => found(), timeoutMs, this.notificationWaiters).then((n) => n.params as P);
  }

  /** Opens a file with its text on disk (or the given text); returns its uri. */
  async open(path: string, text = readFileSync(path, 'utf8'), languageId = 'mixture-yaml'): Promise<string> {
    const uri = fileUri(path);
    this.versions.set(uri, 1);
    await this.notify(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Sends content changes as the next version; returns that version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.notify(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.notify(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The diagnostics published for uri with exactly this version (default: its latest version). */
  async diagnosticsFor(uri: string, version = this.versions.get(uri), timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    return waitFor(`diagnostics of ${uri} v${version}`, () => this.diagnostics.get(uri)?.find((p) => p.version === version), timeoutMs, this.diagnosticWaiters);
  }

  /** Waits for the next publication for uri after `count` had been received. */
  async nextDiagnostics(uri: string, count: number, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    return waitFor(`diagnostics #${count + 1} of ${uri}`, () => this.diagnostics.get(uri)?.[count], timeoutMs, this.diagnosticWaiters);
  }

  publishedCount(uri: string): number {
    return this.diagnostics.get(uri)?.length ?? 0;
  }

  /** shutdown + exit, as an editor ends a server; resolves to the exit code. */
  async stop(): Promise<number | null> {
    if (this.process.exitCode === null) {
      try {
        await Promise.race([this.send0(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
        await this.notify0(ExitNotification.type);
      } catch {
        // Already gone: the exit code says how.
      }
    }
    const code = await Promise.race([this.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 3000))]);
    this.connection.dispose();
    if (code === 'timeout') {
      this.process.kill();
      return null;
    }
    return code;
  }
}
