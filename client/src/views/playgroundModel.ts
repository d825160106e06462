// From the playground settings to what the panel shows about the model: a local folder's files, a cached hub
// download, a download still to make (with its size), offline, or a clear error. No VS Code here.
import { cachedHubModel, plannedDownload, type HubModelRequest, type LocalModelFiles } from '../models/downloadManager';
import { ModelDownloadError } from '../models/downloadErrors';
import { checkLocalModel } from '../models/localModel';
import { DEFAULT_HUB_BASE, parseModelSetting, type ModelSpec } from '../models/modelSpec';
import type { DeviceSetting, ModelPrecision, ModelStatus } from '../../../contracts/playgroundMessages';

export interface PlaygroundSettings {
  /** `taskmix.playground.model`: a folder or a hub id. */
  model: string;
  precision: ModelPrecision;
  device: DeviceSetting;
  /** `taskmix.playground.mirror`: a base URL used instead of https://huggingface.co; empty for the hub itself. */
  mirror: string;
}

export interface ModelEnvironment {
  /** Where hub models are downloaded (global storage + /models). */
  cacheRoot: string;
  home: string;
  /** A webview URI (ending in '/') for a folder on disk. */
  folderUri(dir: string): string;
}

export const LOCAL_FOLDER_HINT =
  'To run without a network, set taskmix.playground.model to a local folder in the export layout (config.json, tokenizer.json, onnx/encoder_model_quantized.onnx, onnx/decoder_model_merged_quantized.onnx, or the fp32 files without _quantized).';

export function hubRequest(spec: Extract<ModelSpec, { kind: 'hub' }>, settings: PlaygroundSettings, cacheRoot: string): HubModelRequest {
  return { base: settings.mirror.trim() || DEFAULT_HUB_BASE, id: spec.id, revision: spec.revision, precision: settings.precision, cacheRoot };
}

export function modelLabel(spec: ModelSpec, precision: ModelPrecision): string {
  return spec.kind === 'local' ? spec.dir : `${spec.id}${spec.revision === 'main' ? '' : '@' + spec.revision} (${precision})`;
}

export function readyStatus(label: string, source: 'local' | 'hub', files: LocalModelFiles, env: ModelEnvironment): ModelStatus {
  return { kind: 'ready', label, source, precision: files.precision, baseUri: env.folderUri(files.dir), files: files.files, notes: files.notes };
}

/** The status without any network access: local folders and cached downloads are ready; hub ids not cached yet are `notDownloaded`. */
export function localModelStatus(settings: PlaygroundSettings, env: ModelEnvironment): ModelStatus {
  const spec = parseModelSetting(settings.model, env.home);
  if ('error' in spec) return { kind: 'error', label: settings.model, message: `taskmix.playground.model: ${spec.error}.` };
  const label = modelLabel(spec, settings.precision);
  if (spec.kind === 'local') {
    const check = checkLocalModel(spec.dir, settings.precision);
    if (!check.ok) return { kind: 'error', label, message: `taskmix.playground.model: ${check.message}.` };
    // Missing required files are reported by the runtime when it loads, naming the file (one code path for all).
    return readyStatus(label, 'local', { dir: check.dir, precision: check.precision, files: check.files, notes: check.notes }, env);
  }
  const cached = cachedHubModel(hubRequest(spec, settings, env.cacheRoot));
  return cached ? readyStatus(label, 'hub', cached, env) : { kind: 'notDownloaded', label, bytes: null };
}

/** For a hub model not downloaded yet: asks the hub how big it is, or says that it is offline. */
export async function remoteModelStatus(settings: PlaygroundSettings, env: ModelEnvironment, signal?: AbortSignal): Promise<ModelStatus> {
  const spec = parseModelSetting(settings.model, env.home);
  if ('error' in spec || spec.kind === 'local') return localModelStatus(settings, env);
  const label = modelLabel(spec, settings.precision);
  try {
    const plan = await plannedDownload(hubRequest(spec, settings, env.cacheRoot), signal);
    if (plan.missing.length) return { kind: 'error', label, message: `${spec.id} has no ${plan.missing.join(', ')}: it is not a T5 export in the ONNX layout.` };
    return { kind: 'notDownloaded', label, bytes: plan.files.reduce((a, f) => a + f.size, 0) };
  } catch (e) {
    return downloadFailureStatus(label, e);
  }
}

/** What the panel shows after a failed (or cancelled) download. */
export function downloadFailureStatus(label: string, e: unknown): ModelStatus {
  if (e instanceof ModelDownloadError) {
    if (e.code === 'OFFLINE') return { kind: 'offline', label, message: `Offline: ${e.message}. ${LOCAL_FOLDER_HINT}` };
    if (e.code === 'CANCELLED') return { kind: 'notDownloaded', label, bytes: null };
    if (e.code === 'INTERRUPTED') return { kind: 'error', label, message: `Download interrupted: ${e.message}. Download again to resume where it stopped.` };
    return { kind: 'error', label, message: `Download failed: ${e.message}` };
  }
  return { kind: 'error', label, message: `Download failed: ${(e as Error).message ?? String(e)}` };
}
