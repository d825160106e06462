// The T5 runtime's public surface (shared by the Node CLI and the webview worker; nothing Node-only here).
export { T5ModelError, type T5ErrorCode } from './errors';
export { bytesModelSource, type ModelSource } from './modelSource';
export { parseT5Config, type T5Config } from './config';
export { T5Tokenizer } from './tokenizer';
export { T5OnnxModel, type LoadOptions, type Precision, type DecoderLayout } from './model';
export { generate, beamSearch, type GenerationResult, type GenerationTimings, type GenerateCallbacks } from './generate';
export { DEFAULT_SETTINGS, resolveSettings, type GenerationSettings } from './settings';
export type { Ort } from './ort';
