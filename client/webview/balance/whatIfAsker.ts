// When the Temperature tab asks the host for what-if rates: at most one request in flight, the slider's latest
// (T, K) sent as soon as it returns (no fixed delay, never an older answer shown last), and only for a
// (T, K, analysis version) not answered yet, so a new state with the same numbers, or a slider event that moved
// nothing, asks nothing. Plain logic without the DOM, so the message sequence is unit-tested.

/** Where the tab stands: the slider's T and K, and the analysis version of the state it shows. */
export interface WhatIfPosition {
  temperature: number;
  cap: number | null;
  analysisVersion: number;
}

/** What to do with an answer: show it, or not (not the one in flight, or superseded and asked again). */
export type WhatIfAnswer = 'show' | 'ignore' | 'asked-again';

export class WhatIfAsker {
  private inFlight: { id: number; key: string } | null = null;
  /** The position of the last answer taken, shown or not (an error, a file with errors). */
  private answeredKey: string | null = null;

  /** `send` posts the request and returns its id. */
  constructor(
    private readonly position: () => WhatIfPosition,
    private readonly send: (temperature: number, cap: number | null) => number,
  ) {}

  private key(p: WhatIfPosition): string {
    return `${p.temperature} ${p.cap} ${p.analysisVersion}`;
  }

  /** T, K or the state changed: asks for the new position unless it is answered or a request is in flight (its
   *  answer compares then). */
  changed(): void {
    if (this.inFlight || this.key(this.position()) === this.answeredKey) return;
    this.ask();
  }

  private ask(): void {
    const p = this.position();
    this.inFlight = { id: this.send(p.temperature, p.cap), key: this.key(p) };
  }

  /** An answer arrived for `requestId`. */
  answered(requestId: number): WhatIfAnswer {
    if (!this.inFlight || requestId !== this.inFlight.id) return 'ignore';
    const { key } = this.inFlight;
    this.inFlight = null;
    // The slider (or the file) moved on meanwhile: ask for where it is now, unless it came back.
    if (key !== this.key(this.position())) {
      this.ask();
      return 'asked-again';
    }
    this.answeredKey = key;
    return 'show';
  }
}
