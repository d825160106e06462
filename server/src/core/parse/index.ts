// The parser of mixture files: a full parse (`parseMixture`) and the incremental document the server keeps.

export { parseMixture, DEFAULT_MAX_LENGTH, DEFAULT_MAX_LIVE_LENGTH, fileTooLargeMessage, type ParseOptions } from './parseMixture';
export {
  MixtureDocument,
  type EntryChecker,
  type MixtureDocumentOptions,
  type MixtureDocumentResult,
  type MixtureDocumentStats,
  type TextChange,
} from './document';
export { YAML_SYNTAX, NOT_A_MAPPING, FILE_TOO_LARGE, LARGE_FILE } from './yamlDiagnostics';
