export interface RetryPolicy {
  /** Attempts per request, the first one included. */
  maxAttempts: number;
  /** The most time one request may spend waiting between attempts, in milliseconds. */
  maxTotalWaitMs: number;
  /** First back-off step when ShotHub gives no Retry-After; doubles each time, with jitter. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  maxTotalWaitMs: 20_000,
  baseDelayMs: 500,
};

/**
 * Statuses worth another try for an idempotent GET: "not now" (429, 503), a gateway's
 * trouble (502, 504) and a server error (500), which a second request often gets past.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/**
 * Reads `Retry-After` as delay-seconds or as an HTTP date, returning whole seconds, or
 * undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text);

  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** Exponential back-off with full jitter, so that concurrent callers do not retry in step. */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random = Math.random) {
  const ceiling = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
