// Document sync and publishing: open, change and close hand the text to the core; watched files and settings
// re-analyze the documents that depend on them; each analysis is published as diagnostics and, when the rates
// changed, as `taskmix/ratesChanged` for the views.
import { DiagnosticSeverity } from 'vscode-languageserver';
import { RatesChangedNotification } from '../../../contracts/lsp';
import type { VersionedAnalysis } from './analyses';
import { errorText, type ServerContext } from './context';
import { countBySeverity, toLspDiagnostic } from './diagnostics';
import { uriToPath } from './documents';
import { summarize } from './rateHints';
import { registerTokenProgress } from './tokenProgress';

export function isMixtureDocument(uri: string, languageId: string): boolean {
  return languageId === 'mixture-yaml' || /\.mixture\.ya?ml$/i.test(uri);
}

export function registerDocumentSync(ctx: ServerContext): void {
  const { connection, documents, project, analyses, files, examples, settings, log } = ctx;
  /** What was last sent in taskmix/ratesChanged per uri, to send only changes. */
  const lastSent = new Map<string, { analysisVersion: number; errors: number; warnings: number }>();

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
    const stale = a.rates === null && a.lastValidRates !== null;
    const { errors, warnings } = countBySeverity(a.diagnostics);
    // The version covers the rates and stale (they follow from the tree and the last valid rates); the counts are
    // for the status bar, and a change in them alone leaves the version, so views know their numbers still hold.
    const analysisVersion = ctx.analysisVersions.of(result.uri, a);
    const before = lastSent.get(result.uri);
    if (before && before.analysisVersion === analysisVersion && before.errors === errors && before.warnings === warnings) return;
    lastSent.set(result.uri, { analysisVersion, errors, warnings });
    void connection.sendNotification(RatesChangedNotification.type, { uri: result.uri, version: result.version, stale, summary: summarize(a), analysisVersion });
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
    if (ctx.client.refreshInlayHints) connection.languages.inlayHint.refresh().catch(() => undefined);
    if (ctx.client.refreshCodeLens) connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  }

  connection.onDidOpenTextDocument(
    ctx.guardNotification('didOpen', ({ textDocument: td }) => {
      if (!isMixtureDocument(td.uri, td.languageId)) return;
      const open = documents.open(td.uri, td.languageId, td.version, td.text);
      analyses.invalidate(td.uri);
      if (!syncToCore(td.uri, td.version, () => project.setText(open.file, td.text))) return;
      queuePublish(td.uri);
      revalidateDependents(open.file);
    }),
  );

  connection.onDidChangeTextDocument(
    ctx.guardNotification('didChange', ({ textDocument, contentChanges }) => {
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

  // A file too large to re-check on every keystroke (over 4 MB) is checked in full on open and save, and says so
  // in an info diagnostic meanwhile (see MixtureDocument's maxLiveLength): save is when its edits are checked.
  connection.onDidSaveTextDocument(
    ctx.guardNotification('didSave', ({ textDocument }) => {
      const open = documents.get(textDocument.uri);
      if (!open || !project.checkNow(open.file)) return;
      analyses.invalidate(open.uri);
      queuePublish(open.uri);
      revalidateDependents(open.file);
    }),
  );

  connection.onDidCloseTextDocument(
    ctx.guardNotification('didClose', ({ textDocument }) => {
      const closed = documents.close(textDocument.uri);
      if (!closed) return;
      project.close(closed.file);
      analyses.forget(textDocument.uri);
      settings.forget(textDocument.uri);
      lastSent.delete(textDocument.uri);
      ctx.lastComparison.delete(textDocument.uri);
      ctx.analysisVersions.forget(textDocument.uri);
      void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
      // Mixtures that include it now read it from disk.
      project.invalidate(closed.file);
      revalidateDependents(closed.file);
    }),
  );

  connection.onDidChangeWatchedFiles(
    ctx.guardNotification('didChangeWatchedFiles', ({ changes }) => {
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
    ctx.guardNotification('didChangeConfiguration', () => {
      settings.clear();
      for (const open of documents.all()) {
        analyses.invalidate(open.uri);
        // The preview's numbers read settings too (the epoch threshold): a new version whatever the analysis gives.
        ctx.analysisVersions.forget(open.uri);
        queuePublish(open.uri);
      }
      setImmediate(refreshViews);
    }),
  );

  // Token counts: progress while they run; the mixtures that read a data file are analyzed again when its count ends.
  registerTokenProgress(ctx, (path) => {
    if (revalidateDependents(path)) setImmediate(refreshViews);
  });
}
