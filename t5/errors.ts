// Every failure of a model folder is a T5ModelError naming the file it is about, so a UI or the CLI can say
// "onnx/encoder_model.onnx: ..." in one line instead of surfacing an onnxruntime stack.

export type T5ErrorCode =
  | 'MISSING_FILE'
  | 'BAD_JSON'
  | 'BAD_CONFIG'
  | 'BAD_ONNX'
  | 'MODEL_MISMATCH'
  | 'TOKENIZER_MISMATCH'
  | 'BAD_SETTINGS';

export class T5ModelError extends Error {
  constructor(readonly code: T5ErrorCode, message: string, readonly file?: string) {
    super(file ? `${file}: ${message}` : message);
    this.name = 'T5ModelError';
  }
}
