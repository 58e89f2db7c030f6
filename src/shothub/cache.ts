interface Entry {
  expiresMs: number;
  answer: Promise<unknown>;
  /** Callers still waiting for an answer in flight; when all give up, the request is aborted. */
  waiting: number;
  controller: AbortController;
}

/**
 * Answers kept for a short time, by key. An answer still on its way is shared with every
 * caller that asks for the same key meanwhile, so identical requests in flight are made once.
 * A caller that gives up stops waiting at once; the request itself is aborted only when every
 * caller has given up. A failed answer is never kept.
 */
export class AnswerCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly lifetimeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  remember<T>(
    key: string,
    produce: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    this.prune();
    let entry = this.entries.get(key);
    if (!entry) entry = this.start(key, produce);
    if (entry.expiresMs !== Number.POSITIVE_INFINITY) return entry.answer as Promise<T>;
    return this.wait(entry, signal) as Promise<T>;
  }

  private start<T>(key: string, produce: (signal: AbortSignal) => Promise<T>): Entry {
    const controller = new AbortController();
    const answer = produce(controller.signal);
    const entry: Entry = { expiresMs: Number.POSITIVE_INFINITY, answer, waiting: 0, controller };
    this.entries.set(key, entry);
    answer.then(
      () => {
        if (this.entries.get(key) !== entry) return;
        if (this.lifetimeMs > 0) entry.expiresMs = this.now() + this.lifetimeMs;
        else this.entries.delete(key);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry;
  }

  private wait(entry: Entry, signal: AbortSignal | undefined): Promise<unknown> {
    entry.waiting++;
    return new Promise((resolve, reject) => {
      const done = () => {
        entry.waiting--;
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        done();
        if (entry.waiting === 0 && entry.expiresMs === Number.POSITIVE_INFINITY) {
          entry.controller.abort(signal?.reason);
        }
        reject(signal?.reason);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      entry.answer.then(
        (value) => {
          done();
          resolve(value);
        },
        (error: unknown) => {
          done();
          reject(error);
        },
      );
    });
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresMs <= now) this.entries.delete(key);
  }
}
