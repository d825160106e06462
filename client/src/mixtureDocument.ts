// Which editor documents are mixtures: the language id, or the file name for a document VS Code opened under
// another language (e.g. before the user's files.associations apply).
import type * as vscode from 'vscode';

export const MixtureLanguageId = 'mixture-yaml';

export function isMixture(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && (doc.languageId === MixtureLanguageId || /\.mixture\.ya?ml$/i.test(doc.uri.path));
}
