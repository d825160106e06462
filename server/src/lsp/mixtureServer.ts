// Wires the TaskMix language features onto an LSP connection. Each handler is a thin call into a module
// of this folder; every handler is guarded so that a failure is logged and answered as an LSP error,
// never taking the server down.
import { readFileSync } from 'node:fs';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MixtureProject, type Analysis } from '../core/analyze';
import { computeRates, type RatesResult, type StrategyComparison } from '../core/rates';
import {
  BalanceRequest,
  CheckAllRequest,
  CompareRequest,
  EvaluateRequest,
  ExamplesRequest,
  ExportFormatsRequest,
  ExportRequest,
  RatesChangedNotification,
  RatesRequest,
  ResultsEditRequest,
  SampleRequest,
  TasksRequest,
  TrainingDynamicsRequest,
  WhatIfRatesRequest,
  type CheckAllResponse,
  type ExamplesResponse,
  type TaskmixInitializationOptions,
} from '../../../contracts/lsp';
import { Analyses, toAnalyzeSettings, type VersionedAnalysis } from './analyses';
import { balanceResponse, trainingDynamics } from './balanceRequests';
import { codeActions } from './codeActions';
import { complete } from './completion';
import {
  checkOverrides,
  compareResponse,
  exportFormats,
  exportResponse,
  isExportFormat,
  ratesResponse,
  sampleResponse,
  tasksResponse,
} from './customRequests';
import { DataExamples } from './dataExamples';
import { checkEvaluateParams, evaluateResponse } from './evaluate';
import { resultsEditResponse } from './evaluateRequests';
import { countBySeverity, toLspDiagnostic } from './diagnostics';
import { OpenDocuments, pathToUri, uriToPath } from './documents';
import { FileTexts } from './fileTexts';
import { hitAt } from './modelLookup';
import { definition, prepareRename, references, rename } from './navigation';
import { hoverForHit, taskHover } from './hover';
import { codeLenses, inlayHints, resolveCodeLens, summarize } from './rateHints';
import { DocumentSettings } from './settings';
import { documentSymbols, foldingRanges, selectionRanges } from './structure';

const MAX_EXAMPLES = 100;

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

export function isMixtureDocument(uri: string, languageId: string): boolean {
  return languageId === 'mixture-yaml' || /\.mixture\.ya?ml$/i.test(uri);
}

export function startMixtureServer(connection: Connection): void {
  const log = (message: string) => connection.console.error(message);
  const documents = new OpenDocuments();
  const project = new MixtureProject();
  const files = new FileTexts(documents);
  const examples = new DataExamples();
  const settings = new DocumentSettings();
  const analyses = new Analyses(project, documents, settings, log);
  let lensCommands = new Set<string>();
  let canRefreshInlayHints = false;
  let canRefreshCodeLens = false;
  let canWatchFiles = false;
  /** What was last sent in taskmix/ratesChanged per uri, to send only changes. */
  const lastComparison = new Map<string, StrategyComparison>();
  const lastSent = new Map<string, { rates: RatesResult | null; stale: boolean; errors: number; warnings: number }>();

  /** Runs a request handler; a failure is logged and becomes an LSP error answer. */
  function guard<P, R>(name: string, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
    return async (params: P) => {
      try {
        return await handler(params);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        log(`${name} failed: ${errorText(e)}`);
        throw new ResponseError(ErrorCodes.InternalError, `${name} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
  }

  /** Runs a notification handler; a failure is logged. */
  function guardNotification<P>(name: string, handler: (params: P) => void | Promise<void>): (params: P) => void {
    return (params: P) => {
      try {
        const done = handler(params);
        if (done) done.catch((e) => log(`${name} failed: ${errorText(e)}`));
      } catch (e) {
        log(`${name} failed: ${errorText(e)}`);
      }
    };
  }

  // Publishing: changes queue their documents; one flush per turn of the event loop analyzes each once,
  // so a burst of change notifications read together costs one analysis, with no fixed delay.
  const queued = new Set<string>();
  let flushScheduled = false;
  function queuePublish(uri: string): void {
    queued.add(uri);
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(() => {
      flushScheduled = false;
      const uris = [...queued];
      queued.clear();
      for (const u of uris) {
        analyses
          .ensure(u)
          .then((result) => (result ? publish(result) : publishFailure(u)))
          .catch((e) => log(`publishing ${u} failed: ${errorText(e)}`));
      }
    });
  }

  function publish(result: VersionedAnalysis): void {
    const open = documents.get(result.uri);
    // A newer version is on its way: its own flush publishes it.
    if (!open || open.doc.version !== result.version) return;
    const diagnostics = result.analysis.diagnostics.map((d) => toLspDiagnostic(open.doc, d, files));
    void connection.sendDiagnostics({ uri: result.uri, version: result.version, diagnostics });
    notifyRatesChanged(result);
  }

  /** A document the core failed on gets one diagnostic saying so, instead of silence. */
  function publishFailure(uri: string): void {
    const open = documents.get(uri);
    const failure = analyses.failure(uri);
    if (!open || !failure || failure.version !== open.doc.version) return;
    void connection.sendDiagnostics({
      uri,
      version: failure.version,
      diagnostics: [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: DiagnosticSeverity.Error,
          code: 'internal-error',
          source: 'taskmix',
          message: `TaskMix could not analyze this file (a bug; the server log has the details): ${failure.message}`,
        },
      ],
    });
  }

  /** Hands a document's text to the core; a core failure is recorded and published, not thrown. */
  function syncToCore(uri: string, version: number, update: () => void): boolean {
    try {
      update();
      return true;
    } catch (e) {
      analyses.fail(uri, version, e);
      publishFailure(uri);
      return false;
    }
  }

  function notifyRatesChanged(result: VersionedAnalysis): void {
    const a = result.analysis;
    const rates = a.rates ?? a.lastValidRates;
    const stale = a.rates === null && rates !== null;
    const { errors, warnings } = countBySeverity(a.diagnostics);
    const before = lastSent.get(result.uri);
    if (before && before.stale === stale && before.errors === errors && before.warnings === warnings && sameRates(before.rates, rates)) return;
    lastSent.set(result.uri, { rates, stale, errors, warnings });
    void connection.sendNotification(RatesChangedNotification.type, { uri: result.uri, version: result.version, stale, summary: summarize(a) });
  }

  /** Re-analyzes the open mixtures that depend on a file (a data file, an included mixture). */
  function revalidateDependents(path: string): number {
    let count = 0;
    for (const file of project.dependentsOf(path)) {
      const open = documents.getByFile(file);
      if (!open) continue;
      analyses.invalidate(open.uri);
      queuePublish(open.uri);
      count++;
    }
    return count;
  }

  function refreshViews(): void {
    if (canRefreshInlayHints) connection.languages.inlayHint.refresh().catch(() => undefined);
    if (canRefreshCodeLens) connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  }

  async function analysisOf(uri: string): Promise<{ doc: TextDocument; analysis: Analysis } | null> {
    const result = await analyses.current(uri);
    const open = documents.get(uri);
    return result && open ? { doc: open.doc, analysis: result.analysis } : null;
  }

  /** The analysis of a file that may not be open (a view of a closed mixture, checkAll). */
  async function analysisOfAny(uri: string): Promise<{ version: number | null; analysis: Analysis }> {
    const open = documents.get(uri);
    if (open) {
      const result = await analyses.current(uri);
      if (result) return { version: result.version, analysis: result.analysis };
    }
    const analysis = await project.analyze(uriToPath(uri), toAnalyzeSettings(await settings.get(uri)));
    return { version: null, analysis };
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    const options = (params.initializationOptions ?? {}) as TaskmixInitializationOptions;
    lensCommands = new Set(Array.isArray(options.commands) ? options.commands.filter((c) => typeof c === 'string') : []);
    canRefreshInlayHints = caps.workspace?.inlayHint?.refreshSupport === true;
    canRefreshCodeLens = caps.workspace?.codeLens?.refreshSupport === true;
    canWatchFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    if (caps.workspace?.configuration) {
      settings.useClient((uri) => connection.workspace.getConfiguration({ scopeUri: uri, section: 'taskmix' }));
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', '/', '[', ',', '{'] },
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: true },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: { label: 'TaskMix' },
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: 'taskmix', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (canWatchFiles) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.{jsonl,json,csv,tsv,parquet,gz}' }, { globPattern: '**/*.mixture.{yaml,yml}' }],
        })
        .catch((e) => log(`registering file watchers failed: ${errorText(e)}`));
    }
  });

  connection.onDidOpenTextDocument(
    guardNotification('didOpen', ({ textDocument: td }) => {
      if (!isMixtureDocument(td.uri, td.languageId)) return;
      const open = documents.open(td.uri, td.languageId, td.version, td.text);
      analyses.invalidate(td.uri);
      if (!syncToCore(td.uri, td.version, () => project.setText(open.file, td.text))) return;
      queuePublish(td.uri);
      revalidateDependents(open.file);
    }),
  );

  connection.onDidChangeTextDocument(
    guardNotification('didChange', ({ textDocument, contentChanges }) => {
      const changed = documents.change(textDocument.uri, textDocument.version, contentChanges);
      if (!changed) return;
      const { entry, edits } = changed;
      const full = () => project.setText(entry.file, entry.doc.getText());
      const synced = syncToCore(textDocument.uri, textDocument.version, () => {
        if (!edits) return full();
        try {
          // One edit at a time: each LSP change is relative to the text the one before left.
          for (const edit of edits) project.applyEdits(entry.file, [edit]);
        } catch (e) {
          // The incremental path failed (or the document never reached the core): start again from the text.
          log(`incremental update of ${textDocument.uri} failed, re-reading the whole text: ${errorText(e)}`);
          full();
        }
      });
      if (!synced) return;
      queuePublish(textDocument.uri);
      revalidateDependents(changed.entry.file);
    }),
  );

  connection.onDidCloseTextDocument(
    guardNotification('didClose', ({ textDocument }) => {
      const closed = documents.close(textDocument.uri);
      if (!closed) return;
      project.close(closed.file);
      analyses.forget(textDocument.uri);
      settings.forget(textDocument.uri);
      lastSent.delete(textDocument.uri);
      lastComparison.delete(textDocument.uri);
      void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
      // Mixtures that include it now read it from disk.
      project.invalidate(closed.file);
      revalidateDependents(closed.file);
    }),
  );

  connection.onDidChangeWatchedFiles(
    guardNotification('didChangeWatchedFiles', ({ changes }) => {
      let dependents = 0;
      for (const change of changes) {
        const path = uriToPath(change.uri);
        // An open buffer is the truth for its own file; the disk copy matters to nobody while it is open.
        if (documents.getByFile(path)) continue;
        project.invalidate(path);
        files.forget(path);
        examples.invalidate(path);
        dependents += revalidateDependents(path);
      }
      if (dependents) setImmediate(refreshViews);
    }),
  );

  connection.onDidChangeConfiguration(
    guardNotification('didChangeConfiguration', () => {
      settings.clear();
      for (const open of documents.all()) {
        analyses.invalidate(open.uri);
        queuePublish(open.uri);
      }
      setImmediate(refreshViews);
    }),
  );

  connection.onHover(
    guard('hover', async ({ textDocument, position }) => {
      const at = await analysisOf(textDocument.uri);
      if (!at) return null;
      const offset = at.doc.offsetAt(position);
      const hit = hitAt(at.analysis.model, offset);
      if (!hit) return null;
      const range = { start: at.doc.positionAt(hit.range[0]), end: at.doc.positionAt(hit.range[1]) };
      if (hit.kind === 'taskName') {
        const view = at.analysis.tasks.find((t) => t.name === hit.name);
        const dataFile = view?.data;
        let example;
        if (dataFile && (await settings.get(textDocument.uri)).countData) {
          const read = await examples.read(dataFile, view.fields, view.prefix, 1);
          example = { file: dataFile, ...(read.examples[0] ? { record: read.examples[0] } : {}), ...(read.error ? { error: read.error } : {}) };
        }
        return { contents: { kind: 'markdown' as const, value: taskHover(at.analysis, hit.entry, hit.name, example) }, range };
      }
      const text = hoverForHit(hit);
      return text ? { contents: { kind: 'markdown' as const, value: text }, range } : null;
    }),
  );

  connection.onCompletion(
    guard('completion', async ({ textDocument, position }) => {
      const open = documents.get(textDocument.uri);
      if (!open) return [];
      // Completion reads the text itself; the analysis only adds task names, so a stale one is fine.
      const latest = analyses.latest(textDocument.uri);
      return complete(open.doc, open.file, latest?.analysis ?? null, open.doc.offsetAt(position));
    }),
  );

  connection.languages.inlayHint.on(
    guard('inlayHint', async ({ textDocument, range }) => {
      if (!(await settings.get(textDocument.uri)).inlayHints) return [];
      const at = await analysisOf(textDocument.uri);
      return at ? inlayHints(at.doc, at.analysis, range) : [];
    }),
  );

  connection.onCodeLens(
    guard('codeLens', async ({ textDocument }) => {
      const at = await analysisOf(textDocument.uri);
      return at ? codeLenses(at.doc, at.analysis, lensCommands) : [];
    }),
  );

  connection.onCodeLensResolve(guard('codeLens/resolve', (lens) => resolveCodeLens(lens)));

  connection.onDocumentSymbol(
    guard('documentSymbol', async ({ textDocument }) => {
      const at = await analysisOf(textDocument.uri);
      return at ? documentSymbols(at.doc, at.analysis.model) : [];
    }),
  );

  connection.onFoldingRanges(
    guard('foldingRange', async ({ textDocument }) => {
      const at = await analysisOf(textDocument.uri);
      return at ? foldingRanges(at.doc, at.analysis.model) : [];
    }),
  );

  connection.onSelectionRanges(
    guard('selectionRange', async ({ textDocument, positions }) => {
      const at = await analysisOf(textDocument.uri);
      return at ? selectionRanges(at.doc, at.analysis.model, positions) : [];
    }),
  );

  connection.onDefinition(
    guard('definition', async ({ textDocument, position }) => {
      const at = await analysisOf(textDocument.uri);
      return at ? definition(at.doc, at.analysis, at.doc.offsetAt(position), files) : [];
    }),
  );

  connection.onReferences(
    guard('references', async ({ textDocument, position, context }) => {
      const at = await analysisOf(textDocument.uri);
      return at ? references(at.doc, at.analysis, at.doc.offsetAt(position), context.includeDeclaration) : [];
    }),
  );

  connection.onPrepareRename(
    guard('prepareRename', async ({ textDocument, position }) => {
      const at = await analysisOf(textDocument.uri);
      return at ? prepareRename(at.doc, at.analysis, at.doc.offsetAt(position)) : null;
    }),
  );

  connection.onRenameRequest(
    guard('rename', async ({ textDocument, position, newName }) => {
      const at = await analysisOf(textDocument.uri);
      if (!at) throw new ResponseError(ErrorCodes.InvalidRequest, 'The document is not open.');
      return rename(at.doc, at.analysis, at.doc.offsetAt(position), newName);
    }),
  );

  connection.onCodeAction(
    guard('codeAction', async ({ textDocument, range, context }) => {
      const at = await analysisOf(textDocument.uri);
      return at ? codeActions(at.doc, at.analysis, range, files, context.only) : [];
    }),
  );

  // TaskMix requests.
  connection.onRequest(
    RatesRequest.type,
    guard('taskmix/rates', async ({ uri, overrides }) => {
      const checked = checkOverrides(overrides);
      if (typeof checked === 'string') throw new ResponseError(ErrorCodes.InvalidParams, checked);
      if (checked) {
        const analysis = await project.analyze(uriToPath(uri), toAnalyzeSettings(await settings.get(uri)), checked);
        return ratesResponse(uri, documents.get(uri)?.doc.version ?? null, analysis, true);
      }
      const { version, analysis } = await analysisOfAny(uri);
      return ratesResponse(uri, version, analysis, false);
    }),
  );

  connection.onRequest(
    CompareRequest.type,
    guard('taskmix/compare', async ({ uri }) => compareResponse(uri, project, (await analysisOfAny(uri)).analysis)),
  );

  connection.onRequest(
    TasksRequest.type,
    guard('taskmix/tasks', async ({ uri }) => tasksResponse(uri, (await analysisOfAny(uri)).analysis)),
  );

  connection.onRequest(
    SampleRequest.type,
    guard('taskmix/sample', async (params) => sampleResponse(params.uri, (await analysisOfAny(params.uri)).analysis, params)),
  );

  connection.onRequest(
    ExamplesRequest.type,
    guard('taskmix/examples', async ({ uri, task, count, split }): Promise<ExamplesResponse> => {
      const tasks = tasksResponse(uri, (await analysisOfAny(uri)).analysis).tasks;
      const info = tasks.find((t) => t.name === task);
      if (!info) throw new ResponseError(ErrorCodes.InvalidParams, `The mixture has no task '${task}'.`);
      const file = split === 'eval' ? info.eval : info.data;
      if (!file) return { task, file: null, examples: [], error: `Task '${task}' has no \`${split === 'eval' ? 'eval' : 'data'}\` file.` };
      const n = Math.max(1, Math.min(MAX_EXAMPLES, Math.floor(count ?? 3)));
      const read = await examples.read(file, info.fields, info.prefix, n);
      return { task, file, examples: read.examples, ...(read.error ? { error: read.error } : {}) };
    }),
  );

  connection.onRequest(
    EvaluateRequest.type,
    guard('taskmix/evaluate', async (params) => {
      const checked = checkEvaluateParams(params);
      if (typeof checked === 'string') throw new ResponseError(ErrorCodes.InvalidParams, checked);
      return evaluateResponse((await analysisOfAny(checked.uri)).analysis, checked);
    }),
  );

  connection.onRequest(
    ResultsEditRequest.type,
    guard('taskmix/resultsEdit', async (params) => {
      const at = await analysisOf(params.uri);
      if (!at) throw new ResponseError(ErrorCodes.InvalidRequest, 'Open the mixture in the editor to write its results.');
      return resultsEditResponse(at.doc, at.analysis, params);
    }),
  );

  connection.onRequest(
    BalanceRequest.type,
    guard('taskmix/balance', async ({ uri }) => {
      const { version, analysis } = await analysisOfAny(uri);
      return balanceResponse(uri, version, analysis, project, lastComparison, (await settings.get(uri)).maxEpochs);
    }),
  );

  connection.onRequest(
    WhatIfRatesRequest.type,
    guard('taskmix/whatIfRates', async ({ uri, overrides }) => {
      const checked = checkOverrides(overrides);
      if (typeof checked === 'string') throw new ResponseError(ErrorCodes.InvalidParams, checked);
      // The slider asks on every step: recompute the rates from the current analysis's resolved tree (no re-parse,
      // no re-validation; the what-if changes only the root's strategy).
      const { analysis } = await analysisOfAny(uri);
      if (!analysis.rates || !analysis.tree) return null;
      const outcome = computeRates(analysis.tree, { examplesDrawn: analysis.examplesDrawn, ...(checked ? { overrides: checked } : {}) });
      return outcome.ok ? outcome.result : null;
    }),
  );

  connection.onRequest(
    TrainingDynamicsRequest.type,
    guard('taskmix/trainingDynamics', async (params) => {
      const { analysis } = await analysisOfAny(params.uri);
      return trainingDynamics(analysis, params, (await settings.get(params.uri)).maxEpochs);
    }),
  );

  connection.onRequest(ExportFormatsRequest.type, guard('taskmix/exportFormats', () => exportFormats()));

  connection.onRequest(
    ExportRequest.type,
    guard('taskmix/export', async ({ uri, format }) => {
      if (!isExportFormat(format)) throw new ResponseError(ErrorCodes.InvalidParams, `Unknown export format '${format}'.`);
      const { analysis } = await analysisOfAny(uri);
      if (!analysis.rates) {
        const { errors } = countBySeverity(analysis.diagnostics);
        throw new ResponseError(ErrorCodes.InvalidRequest, `The mixture has ${errors} error${errors === 1 ? '' : 's'}: fix them before exporting.`);
      }
      return exportResponse(analysis, format);
    }),
  );

  connection.onRequest(
    CheckAllRequest.type,
    guard('taskmix/checkAll', async ({ files: paths }): Promise<CheckAllResponse> => {
      const out: CheckAllResponse['files'] = [];
      for (const path of paths) {
        const uri = pathToUri(path);
        const { version, analysis } = await analysisOfAny(uri);
        const open = documents.get(uri);
        // A closed file's problems are published too, against its text on disk.
        const doc = open?.doc ?? TextDocument.create(uri, 'mixture-yaml', 0, analysis.text || safeRead(path));
        void connection.sendDiagnostics({
          uri,
          ...(version !== null ? { version } : {}),
          diagnostics: analysis.diagnostics.map((d) => toLspDiagnostic(doc, d, files)),
        });
        out.push({ uri, ...countBySeverity(analysis.diagnostics) });
      }
      return { files: out };
    }),
  );
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function sameRates(a: RatesResult | null, b: RatesResult | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.tasks.length !== b.tasks.length) return false;
  for (let i = 0; i < a.tasks.length; i++) {
    const x = a.tasks[i]!;
    const y = b.tasks[i]!;
    if (x.name !== y.name || x.rate !== y.rate || x.epochs !== y.epochs) return false;
  }
  return true;
}
