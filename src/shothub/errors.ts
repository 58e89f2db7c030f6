export type ShotHubErrorKind =
  | 'config'
  | 'invalid_argument'
  | 'auth'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'upstream'
  | 'network'
  | 'timeout'
  | 'invalid_response'
  | 'cancelled';

export interface ShotHubErrorDetails {
  status?: number;
  /** The API path that failed, without query string or credentials. */
  endpoint?: string;
  /** Seconds after which a rate-limited request may be retried. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * The one error type the ShotHub client throws. The message is written for a person: it never
 * contains a script key, a token or an Authorization header.
 */
export class ShotHubError extends Error {
  readonly kind: ShotHubErrorKind;
  readonly status: number | undefined;
  readonly endpoint: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(kind: ShotHubErrorKind, message: string, details: ShotHubErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ShotHubError';
    this.kind = kind;
    this.status = details.status;
    this.endpoint = details.endpoint;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

export function isShotHubError(error: unknown): error is ShotHubError {
  return error instanceof ShotHubError;
}

/** Maps an HTTP status of a data call to the error a caller can act on. */
export function errorForStatus(status: number, endpoint: string, retryAfterSeconds?: number) {
  if (status === 401) {
    return new ShotHubError(
      'auth',
      'ShotHub did not accept the login token for this script, even after logging in again.',
      { status, endpoint },
    );
  }
  if (status === 403) {
    return new ShotHubError(
      'forbidden',
      `ShotHub refused ${endpoint}: this script has no access to it. ` +
        'A script sees only the projects it was added to (project info, "Add Script").',
      { status, endpoint },
    );
  }
  if (status === 404) {
    return new ShotHubError(
      'not_found',
      `ShotHub has nothing at ${endpoint} that this script can see (HTTP 404).`,
      { status, endpoint },
    );
  }
  if (status === 429) {
    const when = retryAfterSeconds === undefined ? 'later' : `after ${retryAfterSeconds} s`;
    return new ShotHubError(
      'rate_limited',
      `ShotHub is rate-limiting this script; retry ${when}.`,
      { status, endpoint, retryAfterSeconds },
    );
  }
  if (status >= 300 && status <= 399) {
    return new ShotHubError(
      'config',
      `ShotHub answered ${endpoint} with a redirect (HTTP ${status}), which is not followed: ` +
        'check that SH_API_BASE_URL is the API base, e.g. https://api.pomfort.com/sh.',
      { status, endpoint },
    );
  }
  return new ShotHubError('upstream', `ShotHub answered ${endpoint} with HTTP ${status}.`, {
    status,
    endpoint,
  });
}
