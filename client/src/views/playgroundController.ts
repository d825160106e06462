// The host side of the T5 Playground, without VS Code: answers the view's messages, follows the active mixture
// (its tasks come from the server's `taskmix/tasks`, records from `taskmix/examples`), and tracks the model
// (resolve, size, download). The VS Code wiring (playgroundView.ts) and the browser test host both drive it.
import type { ExamplesParams, ExamplesResponse, TasksResponse } from '../../../contracts/lsp';
import { answerEvaluate, answerWriteResults, type EvaluationHost } from './evaluateHost';
import type { HubModelRequest, LocalModelFiles } from '../models/downloadManager';
import { parseModelSetting } from '../models/modelSpec';
import {
  parseFromPlaygroundView,
  type FromPlaygroundView,
  type ModelStatus,
  type PlaygroundState,
  type PlaygroundTask,
  type RuntimeAssets,
  type ToPlaygroundView,
} from '../../../contracts/playgroundMessages';
import { downloadFailureStatus, hubRequest, localModelStatus, modelLabel, readyStatus, remoteModelStatus, type ModelEnvironment, type PlaygroundSettings } from './playgroundModel';

export interface PlaygroundHost extends ModelEnvironment, EvaluationHost {
  post(message: ToPlaygroundView): void;
  tasks(uri: string): Promise<TasksResponse>;
  examples(params: ExamplesParams): Promise<ExamplesResponse>;
  settings(): PlaygroundSettings;
  assets(): RuntimeAssets;
  /** Downloads with the editor's progress UI (bytes, total, Cancel); `onProgress` feeds the panel too. */
  download(req: HubModelRequest, onProgress: (received: number, total: number) => void): Promise<LocalModelFiles>;
  openSettings(setting: string): void;
  fileName(uri: string): string;
  log(message: string): void;
}

export class PlaygroundController {
  private ready = false;
  private tasks: PlaygroundTask[] = [];
  private mixtureName: string | null = null;
  private tasksError: string | null = null;
  private selectedTask: string | null = null;
  private model: ModelStatus;
  private downloading: Promise<void> | undefined;
  private generation = 0;
  /** A task to evaluate once the view is ready (the lens opened the view). */
  private pendingEvaluation: string | undefined;

  constructor(private readonly host: PlaygroundHost, private uri: string | undefined) {
    this.model = localModelStatus(host.settings(), host);
  }

  /** A message from the view; malformed ones are logged and dropped. */
  async handle(raw: unknown): Promise<void> {
    const message = parseFromPlaygroundView(raw);
    if (!message) return this.host.log(`dropped a malformed message from the view: ${JSON.stringify(raw)?.slice(0, 200)}`);
    await this.dispatch(message);
  }

  private async dispatch(m: FromPlaygroundView): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        await this.refreshTasks();
        this.postState();
        if (this.pendingEvaluation) this.host.post({ type: 'startEvaluation', task: this.pendingEvaluation });
        this.pendingEvaluation = undefined;
        await this.sizeUpModel();
        return;
      case 'selectTask':
        this.selectedTask = m.name;
        return;
      case 'requestExamples':
        return this.sendExamples(m.requestId, m.task, m.split, m.count);
      case 'downloadModel':
        return this.download();
      case 'openSettings':
        return this.host.openSettings(m.setting);
      case 'log':
        return this.host.log(`[view ${m.level}] ${m.message}`);
      case 'evaluate':
        return answerEvaluate(this.host, this.uri, m);
      case 'writeResults':
        return answerWriteResults(this.host, this.uri, m);
    }
  }

  /** The active mixture changed (or the view was opened on one); undefined once no editor shows a mixture. */
  async follow(uri: string | undefined): Promise<void> {
    if (uri === this.uri) return;
    this.uri = uri;
    if (!uri) this.selectedTask = null;
    await this.refreshTasks();
    this.postState();
  }

  /** "Try in playground": select `name` (in the mixture at `uri`, when given). */
  async selectTask(name: string, uri?: string): Promise<void> {
    this.selectedTask = name;
    if (uri && uri !== this.uri) await this.follow(uri);
    if (this.ready) this.host.post({ type: 'selectTask', name });
  }

  /** "Evaluate task": select `name` (in the mixture at `uri`) and have the page evaluate it. */
  async startEvaluation(name: string, uri?: string): Promise<void> {
    await this.selectTask(name, uri);
    if (this.ready) this.host.post({ type: 'startEvaluation', task: name });
    else this.pendingEvaluation = name;
  }

  /** The server says the mixture changed: its tasks may have too. */
  async mixtureChanged(uri: string): Promise<void> {
    if (uri !== this.uri) return;
    await this.refreshTasks();
    this.postState();
  }

  /** A `taskmix.playground.*` setting changed. */
  async settingsChanged(): Promise<void> {
    if (this.downloading) return; // the download in flight finishes first; it re-resolves after
    this.model = localModelStatus(this.host.settings(), this.host);
    this.postState();
    await this.sizeUpModel();
  }

  private async refreshTasks(): Promise<void> {
    if (!this.uri) {
      this.tasks = [];
      this.mixtureName = null;
      this.tasksError = null;
      return;
    }
    try {
      const r = await this.host.tasks(this.uri);
      this.mixtureName = r.mixture;
      this.tasks = r.tasks.map((t) => ({ name: t.name, prefix: t.prefix, examples: t.examples, hasData: !!t.data, hasEval: !!t.eval, metrics: t.metrics }));
      this.tasksError = null;
    } catch (e) {
      this.tasks = [];
      this.tasksError = `The language server could not list the tasks: ${(e as Error).message ?? String(e)}`;
    }
  }

  /** The mixture the panel follows, if any. */
  get followed(): string | undefined {
    return this.uri;
  }

  state(): PlaygroundState {
    const s = this.host.settings();
    return {
      mixture: this.uri ? { uri: this.uri, fileName: this.host.fileName(this.uri), name: this.mixtureName } : null,
      tasks: this.tasks,
      tasksError: this.tasksError,
      selectedTask: this.selectedTask,
      device: s.device,
      model: this.model,
      assets: this.host.assets(),
    };
  }

  private postState(): void {
    if (this.ready) this.host.post({ type: 'state', state: this.state() });
  }

  private setModel(model: ModelStatus): void {
    this.model = model;
    if (this.ready) this.host.post({ type: 'model', model });
  }

  /** For a hub model not downloaded yet, find its size (or that we are offline) so the panel can say so. */
  private async sizeUpModel(): Promise<void> {
    if (this.model.kind !== 'notDownloaded' || this.model.bytes !== null) return;
    const generation = ++this.generation;
    const status = await remoteModelStatus(this.host.settings(), this.host);
    if (generation === this.generation && !this.downloading) this.setModel(status);
  }

  private async sendExamples(requestId: number, task: string, split: 'train' | 'eval', count: number): Promise<void> {
    if (!this.uri) {
      this.host.post({ type: 'examples', requestId, task, split, file: null, examples: [], error: 'Open a *.mixture.yaml file to pick examples from its tasks.' });
      return;
    }
    try {
      const r = await this.host.examples({ uri: this.uri, task, split, count });
      this.host.post({ type: 'examples', requestId, task, split, file: r.file, examples: r.examples, ...(r.error ? { error: r.error } : {}) });
    } catch (e) {
      this.host.post({ type: 'examples', requestId, task, split, file: null, examples: [], error: (e as Error).message ?? String(e) });
    }
  }

  /** Downloads the configured hub model (one download at a time; a second request joins the first). */
  download(): Promise<void> {
    this.downloading ??= this.runDownload().finally(() => (this.downloading = undefined));
    return this.downloading;
  }

  private async runDownload(): Promise<void> {
    const settings = this.host.settings();
    const spec = parseModelSetting(settings.model, this.host.home);
    if ('error' in spec || spec.kind === 'local') {
      this.setModel(localModelStatus(settings, this.host));
      return;
    }
    const label = modelLabel(spec, settings.precision);
    this.generation++;
    this.setModel({ kind: 'downloading', label, received: 0, total: 0 });
    try {
      const files = await this.host.download(hubRequest(spec, settings, this.host.cacheRoot), (received, total) =>
        this.setModel({ kind: 'downloading', label, received, total }),
      );
      this.setModel(readyStatus(label, 'hub', files, this.host));
    } catch (e) {
      this.host.log(`download of ${label} failed: ${(e as Error).message ?? String(e)}`);
      this.setModel(downloadFailureStatus(label, e));
    }
  }
}
