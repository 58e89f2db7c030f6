/** The most a token is renewed ahead of its expiry. Short-lived tokens renew at 90 % of life. */
const MAX_RENEWAL_MARGIN_MS = 60_000;

interface HeldToken {
  value: string;
  /** When to log in again; undefined when the token says nothing about its expiry. */
  renewAtMs: number | undefined;
}

/**
 * Holds the script's login token: reuses it, renews it shortly before the `exp` its JWT
 * carries, and makes callers that need a login at the same moment share a single one.
 */
export class TokenStore {
  private held: HeldToken | undefined;
  private pendingLogin: Promise<string> | undefined;

  constructor(
    private readonly login: () => Promise<string>,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<string> {
    const held = this.held;
    if (held && (held.renewAtMs === undefined || this.now() < held.renewAtMs)) return held.value;
    return this.loginOnce();
  }

  /** Forgets a token ShotHub refused, unless a newer one has replaced it meanwhile. */
  invalidate(token: string): void {
    if (this.held?.value === token) this.held = undefined;
  }

  /** Whether a token is held; for diagnostics only, never the token itself. */
  get hasToken(): boolean {
    return this.held !== undefined;
  }

  private loginOnce(): Promise<string> {
    this.pendingLogin ??= this.login()
      .then((value) => {
        this.held = { value, renewAtMs: renewalTime(value, this.now()) };
        return value;
      })
      .finally(() => {
        this.pendingLogin = undefined;
      });
    return this.pendingLogin;
  }
}

function renewalTime(token: string, nowMs: number): number | undefined {
  const claims = readJwtClaims(token);
  if (typeof claims?.exp !== 'number') return undefined;

  const expiresMs = claims.exp * 1000;
  const issuedMs = typeof claims.iat === 'number' ? claims.iat * 1000 : nowMs;
  const margin = Math.min(MAX_RENEWAL_MARGIN_MS, Math.max(0, (expiresMs - issuedMs) * 0.1));
  // A token that looks expired on arrival means this clock and ShotHub's disagree; then the
  // token is used until ShotHub refuses it, rather than logging in before every request.
  return expiresMs - margin > nowMs ? expiresMs - margin : undefined;
}

/** Reads a JWT's claims without verifying it: only ShotHub can verify its own signature. */
export function readJwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
