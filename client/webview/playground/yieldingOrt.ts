// onnxruntime-web's WASM backend runs a session synchronously inside run()'s promise, so a worker busy generating
// never gets to its message queue and could not see Stop. This wraps the sessions so every run() first yields one
// macrotask (a MessageChannel round trip, far cheaper than setTimeout's clamped delay).
import type { Ort, OrtSession } from '../../../t5/ort';

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(0);
  });
}

function yieldingSession(session: OrtSession): OrtSession {
  const wrapped = {
    get inputNames() {
      return session.inputNames;
    },
    get outputNames() {
      return session.outputNames;
    },
    run: async (...args: Parameters<OrtSession['run']>) => {
      await nextMacrotask();
      return session.run(...args);
    },
    release: () => session.release(),
  };
  return wrapped as unknown as OrtSession;
}

export function yieldingOrt(ort: Ort): Ort {
  const create = async (...args: unknown[]) =>
    yieldingSession(await (ort.InferenceSession.create as (...a: unknown[]) => Promise<OrtSession>)(...args));
  return { Tensor: ort.Tensor, InferenceSession: { create } as unknown as Ort['InferenceSession'] };
}
