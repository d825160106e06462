// The slice of the onnxruntime API the runtime uses. Passed in rather than imported, so that a Web Worker can
// use the ORT build the page handed it (a blob: URL), Node can use onnxruntime-web's WASM backend, and the
// benchmark can run the very same loop over onnxruntime-node.
import type * as OrtWeb from 'onnxruntime-web';

export type Ort = Pick<typeof OrtWeb, 'InferenceSession' | 'Tensor'>;
export type OrtTensor = OrtWeb.Tensor;
export type OrtSession = OrtWeb.InferenceSession;
export type OrtSessionOptions = OrtWeb.InferenceSession.SessionOptions;
