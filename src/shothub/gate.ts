import { sleep } from './retry.js';

/**
 * Bounds the requests one client has in flight, and slows it down together when ShotHub
 * rate-limits: after a 429 every request waits out the Retry-After, and the client sends one
 * request at a time for a while, so that parallel paging never makes rate-limiting worse.
 */
export class RequestGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private pausedUntilMs = 0;
  private calmUntilMs = 0;

  constructor(
    private readonly maxInFlight: number,
    private readonly calmMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async run<T>(send: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.enter(signal);
    try {
      const pause = this.pausedUntilMs - this.now();
      if (pause > 0) await sleep(pause, signal);
      return await send();
    } finally {
      this.leave();
    }
  }

  /** ShotHub said "too many": hold every request for `seconds`, then go one at a time. */
  rateLimited(seconds: number | undefined): void {
    const now = this.now();
    this.pausedUntilMs = Math.max(this.pausedUntilMs, now + (seconds ?? 0) * 1000);
    this.calmUntilMs = now + this.calmMs;
  }

  private get limit(): number {
    return this.now() < this.calmUntilMs ? 1 : this.maxInFlight;
  }

  private async enter(signal?: AbortSignal): Promise<void> {
    while (this.active >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          this.waiting.splice(this.waiting.indexOf(wake), 1);
          reject(signal?.reason);
        };
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(wake);
      });
    }
    this.active++;
  }

  private leave(): void {
    this.active--;
    // Wake as many as may run now; each checks the limit again before it goes.
    for (let free = this.limit - this.active; free > 0 && this.waiting.length > 0; free--) {
      this.waiting.shift()?.();
    }
  }
}
