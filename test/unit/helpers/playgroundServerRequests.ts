// The server's answers to `taskmix/tasks` and `taskmix/examples`, computed in Node by the same functions the
// language server's handlers call (tasksResponse over the core's analysis, DataExamples), for the playground's
// controller tests and browser test host.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MixtureProject } from '../../../server/src/core/analyze';
import { tasksResponse } from '../../../server/src/lsp/customRequests';
import { DataExamples } from '../../../server/src/lsp/dataExamples';
import { evaluateResponse } from '../../../server/src/lsp/evaluate';
import { applyEdits, planResultsEdit } from '../../../server/src/core/edit';
import { parseMixture } from '../../../server/src/core/parse/parseMixture';
import type { EvaluateParams, EvaluateResponse, ExamplesParams, ExamplesResponse, ResultsEditParams, TasksResponse } from '../../../contracts/lsp';

export class CoreTaskRequests {
  readonly project = new MixtureProject();
  private readonly examplesReader = new DataExamples();

  async tasks(uri: string): Promise<TasksResponse> {
    return tasksResponse(uri, await this.project.analyze(fileURLToPath(uri)));
  }

  /** As the server's handler: the task's data (or eval) file, 1 to 100 records. */
  async examples({ uri, task, count, split }: ExamplesParams): Promise<ExamplesResponse> {
    const info = (await this.tasks(uri)).tasks.find((t) => t.name === task);
    if (!info) throw new Error(`The mixture has no task '${task}'.`);
    const file = split === 'eval' ? info.eval : info.data;
    if (!file) return { task, file: null, examples: [], error: `Task '${task}' has no \`${split === 'eval' ? 'eval' : 'data'}\` file.` };
    const n = Math.max(1, Math.min(100, Math.floor(count ?? 3)));
    const read = await this.examplesReader.read(file, info.fields, info.prefix, n);
    return { task, file, examples: read.examples, ...(read.error ? { error: read.error } : {}) };
  }

  /** As the server's `taskmix/evaluate` handler. */
  async evaluate(params: EvaluateParams): Promise<EvaluateResponse> {
    return evaluateResponse(await this.project.analyze(fileURLToPath(params.uri)), params);
  }

  /** The editor's "Write to results" on the file itself: the server's planned edit applied (warnings accepted). */
  async writeResults(params: ResultsEditParams): Promise<{ ok: boolean; message: string }> {
    const file = fileURLToPath(params.uri);
    const text = readFileSync(file, 'utf8');
    const plan = planResultsEdit(text, parseMixture(text).model, params);
    if (plan.error) return { ok: false, message: plan.error };
    writeFileSync(file, applyEdits(text, plan.edits));
    this.project.invalidate(file);
    return { ok: true, message: `Wrote results.${params.block}.${params.task} = ${params.value}${plan.warning ? ` (${plan.warning})` : ''}` };
  }
}
