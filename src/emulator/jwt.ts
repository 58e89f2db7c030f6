import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  /** The script id the token was issued to. */
  sub: string;
  iat: number;
  exp: number;
  jti: string;
}

/** HS256 JSON Web Tokens, signed with a secret that lives only as long as the emulator. */
export class TokenIssuer {
  private readonly secret = randomBytes(32);

  issue(scriptId: string, lifetimeSeconds: number, nowMs = Date.now()): string {
    const iat = Math.floor(nowMs / 1000);
    const claims: TokenClaims = {
      sub: scriptId,
      iat,
      exp: iat + lifetimeSeconds,
      jti: randomBytes(8).toString('hex'),
    };
    const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
    return `${unsigned}.${this.sign(unsigned)}`;
  }

  /** The claims of a token this issuer signed and that has not expired; otherwise undefined. */
  verify(token: string, nowMs = Date.now()): TokenClaims | undefined {
    const [header, payload, signature, ...rest] = token.split('.');
    if (!header || !payload || !signature || rest.length > 0) return undefined;

    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;

    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
      return typeof claims.exp === 'number' && claims.exp * 1000 > nowMs ? claims : undefined;
    } catch {
      return undefined;
    }
  }

  private sign(unsigned: string): string {
    return createHmac('sha256', this.secret).update(unsigned).digest('base64url');
  }
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
