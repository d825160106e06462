// The TaskMix requests (contracts/lsp.ts): rates, compare, tasks, sample, examples, evaluate, results and sampling edits,
// the Balance Preview's data, exports and checkAll. Each handler finds the analysis and calls the module that
// answers it; invalid parameters are answered as InvalidParams, never thrown past the guard.
import { readFileSync } from 'node:fs';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ExportRefusedError } from '../core/export';
import { ratesUnderOverrides } from '../core/whatIf';
import { packWhatIf } from '../../../contracts/whatIf';
import {
  BalanceRequest,
  CheckAllRequest,
  CompareRequest,
  EvaluateRequest,
  ExamplesRequest,
  ExportFormatsRequest,
  ExportRequest,
  ImportMixtureRequest,
  RatesRequest,
  ResultsEditRequest,
  SampleRequest,
  SamplingEditRequest,
  TasksRequest,
  TrainingDynamicsRequest,
  WhatIfRatesRequest,
  type CheckAllResponse,
  type ExamplesResponse,
} from '../../../contracts/lsp';
import { balanceResponse, trainingDynamics } from './balanceRequests';
import type { ServerContext } from './context';
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
import { countBySeverity, toLspDiagnostic } from './diagnostics';
import { pathToUri } from './documents';
import { checkEvaluateParams, evaluateResponse } from './evaluate';
import { importMixtureResponse } from './importRequest';
import { checkSamplingEditParams, resultsEditResponse, samplingEditResponse } from './editRequests';

const MAX_EXAMPLES = 100;

export function registerTaskmixRequests(ctx: ServerContext): void {
  const { connection, documents, project, settings, examples, files, guard } = ctx;

  connection.onRequest(
    RatesRequest.type,
    guard(RatesRequest.method, async ({ uri, overrides }) => {
      const checked = checkOverrides(overrides);
      if (typeof checked === 'string') throw new ResponseError(ErrorCodes.InvalidParams, checked);
      const { version, analysis } = await ctx.analysisOfAny(uri);
      if (checked) return ratesResponse(uri, version, { ...ratesUnderOverrides(analysis, checked), lastValidRates: null }, true);
      return ratesResponse(uri, version, analysis, false);
    }),
  );

  connection.onRequest(
    CompareRequest.type,
    guard(CompareRequest.method, async ({ uri }) => compareResponse(uri, project, (await ctx.analysisOfAny(uri)).analysis)),
  );

  connection.onRequest(
    TasksRequest.type,
    guard(TasksRequest.method, async ({ uri }) => tasksResponse(uri, (await ctx.analysisOfAny(uri)).analysis)),
  );

  connection.onRequest(
    SampleRequest.type,
    guard(SampleRequest.method, async (params) => sampleResponse(params.uri, (await ctx.analysisOfAny(params.uri)).analysis, params)),
  );

  connection.onRequest(
    ExamplesRequest.type,
    guard(ExamplesRequest.method, async ({ uri, task, count, split }): Promise<ExamplesResponse> => {
      const tasks = tasksResponse(uri, (await ctx.analysisOfAny(uri)).analysis).tasks;
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
    guard(EvaluateRequest.method, async (params) => {
      const checked = checkEvaluateParams(params);
      if (typeof checked === 'string') throw new ResponseError(ErrorCodes.InvalidParams, checked);
      return evaluateResponse((await ctx.analysisOfAny(checked.uri)).analysis, checked);
    }),
  );

  connection.onRequest(
    ResultsEditRequest.type,
    guard(ResultsEditRequest.method, async (params) => {
      const at = await ctx.analysisOf(params.uri);
      if (!at) throw new ResponseError(ErrorCodes.InvalidRequest, 'Open the mixture in the editor to write its results.');
      return resultsEditResponse(at.doc, at.analysis, params);
    }),
  );

  connection.onRequest(
    SamplingEditRequest.type,
    guard(SamplingEditRequest.method, async (params) => {
      const invalid = checkSamplingEditParams(params);
      if (invalid) throw new ResponseError(ErrorCodes.InvalidParams, invalid);
      const at = await ctx.analysisOf(params.uri);
      if (!at) throw new ResponseError(ErrorCodes.InvalidRequest, 'Open the mixture in the editor to apply the temperature.');
      return samplingEditResponse(at.doc, at.analysis, params);
    }),
  );

  connection.onRequest(
    BalanceRequest.type,
    guard(BalanceRequest.method, async ({ uri }) => {
      const { version, analysis } = await ctx.analysisOfAny(uri);
      const settingsMaxEpochs = (await settings.get(uri)).maxEpochs;
      return balanceResponse(uri, version, analysis, project, ctx.lastComparison, settingsMaxEpochs, ctx.analysisVersions.of(uri, analysis));
    }),
  );

  connection.onRequest(
    WhatIfRatesRequest.type,
    guard(WhatIfRatesRequest.method, async ({ uri, overrides, tasksKey }) => {
      const checked = checkOverrides(overrides);
      if (typeof checked === 'string') throw new ResponseError(ErrorCodes.InvalidParams, checked);
      // The slider asks on every step: the rates from the current analysis's tree, packed for the view as it is
      // (the extension host passes the answer through).
      const { analysis } = await ctx.analysisOfAny(uri);
      const { rates } = ratesUnderOverrides(analysis, checked ?? {});
      return rates ? packWhatIf(rates, typeof tasksKey === 'string' ? tasksKey : undefined) : null;
    }),
  );

  connection.onRequest(
    TrainingDynamicsRequest.type,
    guard(TrainingDynamicsRequest.method, async (params) => {
      const { analysis } = await ctx.analysisOfAny(params.uri);
      return trainingDynamics(analysis, params, (await settings.get(params.uri)).maxEpochs);
    }),
  );

  connection.onRequest(ImportMixtureRequest.type, guard(ImportMixtureRequest.method, (params) => importMixtureResponse(params)));
  connection.onRequest(ExportFormatsRequest.type, guard(ExportFormatsRequest.method, () => exportFormats()));

  connection.onRequest(
    ExportRequest.type,
    guard(ExportRequest.method, async ({ uri, format }) => {
      if (!isExportFormat(format)) throw new ResponseError(ErrorCodes.InvalidParams, `Unknown export format '${format}'.`);
      const { analysis } = await ctx.analysisOfAny(uri);
      if (!analysis.rates) {
        const { errors } = countBySeverity(analysis.diagnostics);
        throw new ResponseError(ErrorCodes.InvalidRequest, `The mixture has ${errors} error${errors === 1 ? '' : 's'}: fix them before exporting.`);
      }
      try {
        return exportResponse(analysis, format);
      } catch (e) {
        // The engine cannot run this mixture (e.g. a Megatron blend with no data paths): the user's to fix, not a bug.
        if (e instanceof ExportRefusedError) throw new ResponseError(ErrorCodes.InvalidRequest, e.message);
        throw e;
      }
    }),
  );

  connection.onRequest(
    CheckAllRequest.type,
    guard(CheckAllRequest.method, async ({ files: paths }): Promise<CheckAllResponse> => {
      const out: CheckAllResponse['files'] = [];
      for (const path of paths) {
        const uri = pathToUri(path);
        const { version, analysis } = await ctx.analysisOfAny(uri);
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
