// Where model files come from: a folder in Node, or bytes the webview page fetched and handed to the worker.
// The runtime only ever asks for files by their path inside the model folder ("onnx/encoder_model.onnx").

export interface ModelSource {
  /** Shown in messages, e.g. the folder path. */
  readonly label: string;
  /** The file's bytes, or undefined when the folder has no such file. */
  read(path: string): Promise<Uint8Array | undefined>;
}

/** A source over files already in memory (the worker's case: the page transfers ArrayBuffers). */
export function bytesModelSource(files: Record<string, ArrayBuffer | Uint8Array>, label = 'model'): ModelSource {
  return {
    label,
    read: async (path) => {
      const f = files[path];
      if (f === undefined) return undefined;
      return f instanceof Uint8Array ? f : new Uint8Array(f);
    },
  };
}

export async function readText(source: ModelSource, path: string): Promise<string | undefined> {
  const bytes = await source.read(path);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}
