// The one small context every group of handlers is registered over: the connection, the open documents, the
// project (the core), the per-document analyses and settings, and the two guards that keep a failing handler
// from taking the server down. Handlers live in their own modules (documentSync, languageFeatures,
// taskmixRequests); this file holds only what they share.
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MixtureProject, type Analysis } from '../core/analyze';
import type { StrategyComparison } from '../core/rates';
import { Analyses, toAnalyzeSettings } from './analyses';
import { AnalysisVersions } from './analysisVersions';
import { DataExamples } from './dataExamples';
import { OpenDocuments, uriToPath } from './documents';
import { FileTexts } from './fileTexts';
import { DocumentSettings } from './settings';

/** What the client said it can do, read at `initialize`. */
export interface ClientAbilities {
  /** Lens commands the client registered; lenses that run other commands are not offered. */
  lensCommands: Set<string>;
  refreshInlayHints: boolean;
  refreshCodeLens: boolean;
  watchFiles: boolean;
  /** The client shows server-initiated progress (`window/workDoneProgress/create`): token counting uses it. */
  workDoneProgress: boolean;
}

export interface ServerContext {
  readonly connection: Connection;
  readonly log: (message: string) => void;
  readonly documents: OpenDocuments;
  readonly project: MixtureProject;
  readonly files: FileTexts;
  readonly examples: DataExamples;
  readonly settings: DocumentSettings;
  readonly analyses: Analyses;
  readonly client: ClientAbilities;
  /** The strategy comparison last answered per uri (the Balance Preview keeps showing it while the file has errors). */
  readonly lastComparison: Map<string, StrategyComparison>;
  /** What the ratesChanged notification and the Balance Preview's answers call `analysisVersion`. */
  readonly analysisVersions: AnalysisVersions;
  /** Wraps a request handler: a failure is logged and answered as an LSP error. */
  guard<P, R>(name: string, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R>;
  /** Wraps a notification handler: a failure is logged. */
  guardNotification<P>(name: string, handler: (params: P) => void | Promise<void>): (params: P) => void;
  /** The current analysis of an open document, with the document; null when it is not open. */
  analysisOf(uri: string): Promise<{ doc: TextDocument; analysis: Analysis } | null>;
  /** The analysis of a file that may not be open (a view of a closed mixture, checkAll); version null when closed. */
  analysisOfAny(uri: string): Promise<{ version: number | null; analysis: Analysis }>;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

export function createServerContext(connection: Connection): ServerContext {
  const log = (message: string) => connection.console.error(message);
  const documents = new OpenDocuments();
  const project = new MixtureProject();
  const settings = new DocumentSettings();
  const analyses = new Analyses(project, documents, settings, log);
  return {
    connection,
    log,
    documents,
    project,
    files: new FileTexts(documents),
    examples: new DataExamples(),
    settings,
    analyses,
    client: { lensCommands: new Set(), refreshInlayHints: false, refreshCodeLens: false, watchFiles: false, workDoneProgress: false },
    lastComparison: new Map(),
    analysisVersions: new AnalysisVersions(),
    guard<P, R>(name: string, handler: (params: P) => R | Promise<R>) {
      return async (params: P): Promise<R> => {
        try {
          return await handler(params);
        } catch (e) {
          if (e instanceof ResponseError) throw e;
          log(`${name} failed: ${errorText(e)}`);
          throw new ResponseError(ErrorCodes.InternalError, `${name} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      };
    },
    guardNotification<P>(name: string, handler: (params: P) => void | Promise<void>) {
      return (params: P): void => {
        try {
          const done = handler(params);
          if (done) done.catch((e) => log(`${name} failed: ${errorText(e)}`));
        } catch (e) {
          log(`${name} failed: ${errorText(e)}`);
        }
      };
    },
    async analysisOf(uri) {
      const result = await analyses.current(uri);
      const open = documents.get(uri);
      return result && open ? { doc: open.doc, analysis: result.analysis } : null;
    },
    async analysisOfAny(uri) {
      const open = documents.get(uri);
      if (open) {
        const result = await analyses.current(uri);
        if (result) return { version: result.version, analysis: result.analysis };
      }
      const analysis = await project.analyze(uriToPath(uri), toAnalyzeSettings(await settings.get(uri)));
      return { version: null, analysis };
    },
  };
}
