// "Materialize Mixture...": writes the active mixture's examples as one dataset (taskmix materialize), asking for the
// number of examples and the output file, with a cancellable progress notification.
import * as vscode from 'vscode';
import { isAbsolute, join, dirname } from 'node:path';
import { MaterializeMixtureCommand } from '../../contracts/commands';
import { isMixture } from './mixtureDocument';
import { defaultMaterializePath, parseExamplesInput, runMaterialize } from './materializeProcess';

async function materializeMixture(context: vscode.ExtensionContext, target?: vscode.Uri): Promise<void> {
  const document = target instanceof vscode.Uri ? await vscode.workspace.openTextDocument(target) : vscode.window.activeTextEditor?.document;
  if (!document || !isMixture(document) || document.uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('TaskMix: open a *.mixture.yaml file on disk to materialize it.');
    return;
  }
  // The CLI reads the file from disk: what is on screen must be what it reads.
  if (document.isDirty && !(await document.save())) return;
  const mixture = document.uri.fsPath;

  const examplesText = await vscode.window.showInputBox({
    title: 'Materialize mixture: how many examples?',
    prompt: 'Drawn with the mixture\'s rates; empty uses the budget (budget.examples, or steps x batch size).',
    placeHolder: 'e.g. 1000000 (empty: the budget)',
    validateInput: (text) => {
      const parsed = parseExamplesInput(text);
      return 'error' in parsed ? parsed.error : undefined;
    },
  });
  if (examplesText === undefined) return;
  const parsed = parseExamplesInput(examplesText);
  if ('error' in parsed) return;

  const destination = await vscode.window.showSaveDialog({
    title: 'Materialize mixture as',
    defaultUri: vscode.Uri.file(defaultMaterializePath(mixture)),
    filters: { 'JSON Lines': ['jsonl'], Parquet: ['parquet'] },
  });
  if (!destination) return;
  const out = destination.fsPath;
  const format = out.toLowerCase().endsWith('.parquet') ? 'parquet' : 'jsonl';
  const cli = vscode.Uri.joinPath(context.extensionUri, 'dist', 'cli.js').fsPath;

  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'TaskMix: materializing', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      try {
        return await runMaterialize(
          cli,
          // The save dialog has already asked whether to replace an existing file.
          { mixture, out, format, force: true, ...(parsed.examples !== undefined ? { examples: parsed.examples } : {}) },
          (line) => {
            // withProgress adds increments; the CLI reports the fraction done.
            const increment = Math.max(0, Math.round(line.fraction * 100) - reported);
            reported += increment;
            progress.report({ message: line.message, increment });
          },
          controller.signal,
        );
      } finally {
        subscription.dispose();
      }
    },
  );

  switch (outcome.status) {
    case 'cancelled':
      void vscode.window.showInformationMessage('TaskMix: materializing was cancelled; the partial output was removed.');
      return;
    case 'failed':
      void vscode.window.showErrorMessage(`TaskMix: materialize failed: ${outcome.message}`);
      return;
    case 'done': {
      const files = outcome.report.files.map((f) => (isAbsolute(f.path) ? f.path : join(dirname(mixture), f.path)));
      const what = files.length === 1 ? files[0]! : `${files.length} shards`;
      const warnings = outcome.report.warnings.length ? ` Warning: ${outcome.report.warnings.join(' ')}` : '';
      const choice = await vscode.window.showInformationMessage(
        `TaskMix: wrote ${outcome.report.examples.toLocaleString('en-US')} examples to ${what}.${warnings}`,
        'Reveal in Explorer',
      );
      if (choice === 'Reveal in Explorer') await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(files[0]!));
    }
  }
}

export function registerMaterializeCommand(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand(MaterializeMixtureCommand, (uri?: vscode.Uri) => materializeMixture(context, uri));
}
