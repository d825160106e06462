// The playground host's half of "Evaluate task", without VS Code: the page's predictions go to the server's
// `taskmix/evaluate` (scored by the core as `taskmix eval` scores them), and "Write to results" goes to the
// editor, which applies the server's planned edit as one undoable step.
import type { EvaluateParams, EvaluateResponse, ResultsEditParams } from '../../../contracts/lsp';
import type { FromPlaygroundView, ToPlaygroundView } from '../../../contracts/playgroundMessages';

export interface EvaluationHost {
  post(message: ToPlaygroundView): void;
  evaluate(params: EvaluateParams): Promise<EvaluateResponse>;
  /** Writes the score into the mixture (asking first when the server warns); says what happened. */
  writeResults(params: ResultsEditParams): Promise<{ ok: boolean; message: string }>;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function answerEvaluate(host: EvaluationHost, uri: string | undefined, m: Extract<FromPlaygroundView, { type: 'evaluate' }>): Promise<void> {
  const { requestId, task } = m;
  if (!uri) return host.post({ type: 'evaluation', requestId, report: null, error: 'Open a *.mixture.yaml file to evaluate its tasks.' });
  try {
    const r = await host.evaluate({ uri, task, predictions: m.predictions });
    if (!r.report) {
      const e = r.error;
      const where = e?.file ? `${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ` : '';
      return host.post({ type: 'evaluation', requestId, report: null, error: `${where}${e?.message ?? 'the server scored nothing'}` });
    }
    host.post({ type: 'evaluation', requestId, report: r.report });
  } catch (e) {
    host.post({ type: 'evaluation', requestId, report: null, error: `The language server could not score the predictions: ${errorText(e)}` });
  }
}

export async function answerWriteResults(host: EvaluationHost, uri: string | undefined, m: Extract<FromPlaygroundView, { type: 'writeResults' }>): Promise<void> {
  const { requestId, task, block, metric, value } = m;
  if (!uri) return host.post({ type: 'resultsWritten', requestId, ok: false, message: 'No mixture is open.' });
  try {
    const done = await host.writeResults({ uri, task, block, metric, value });
    host.post({ type: 'resultsWritten', requestId, ...done });
  } catch (e) {
    host.post({ type: 'resultsWritten', requestId, ok: false, message: `Could not write the score: ${errorText(e)}` });
  }
}
