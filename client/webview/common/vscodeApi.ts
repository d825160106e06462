// The webview's handle on VS Code: `acquireVsCodeApi` may be called once per page, so each view's bundle calls
// this once and shares the handle; `post` is typed by the view's own message union.
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export interface ViewChannel<ToHost> {
  post(message: ToHost): void;
  /** What the view saved last (VS Code keeps it across reloads of the webview), or undefined. */
  getState(): unknown;
  setState(state: unknown): void;
}

export function vscodeChannel<ToHost>(): ViewChannel<ToHost> {
  const api = acquireVsCodeApi();
  return { post: (m) => api.postMessage(m), getState: () => api.getState(), setState: (s) => api.setState(s) };
}
