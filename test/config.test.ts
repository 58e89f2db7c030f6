import { describe, expect, it } from 'vitest';

import { DEFAULT_BASE_URL, loadConfig } from '../src/shothub/config.js';
import { ShotHubError } from '../src/shothub/errors.js';
import { parseRetryAfter } from '../src/shothub/retry.js';

const credentials = {
  SH_API_SCRIPT_ID: '0123456789abcdef01234567/Script',
  SH_API_SCRIPT_KEY: 'k'.repeat(32),
};

function configError(env: Record<string, string>): ShotHubError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ShotHubError) return error;
  }
  throw new Error('expected a configuration error');
}

describe('configuration from the environment', () => {
  it("uses the SH_API_* variables of Pomfort's samples, with their default base URL", () => {
    expect(loadConfig(credentials)).toEqual({
      scriptId: credentials.SH_API_SCRIPT_ID,
      scriptKey: credentials.SH_API_SCRIPT_KEY,
      baseUrl: DEFAULT_BASE_URL,
    });
  });

  it('names the missing variable and where to get it', () => {
    const error = configError({ SH_API_SCRIPT_ID: credentials.SH_API_SCRIPT_ID });
    expect(error.kind).toBe('config');
    expect(error.message).toMatch(/^SH_API_SCRIPT_KEY is not set: .*Team Settings, scripts tab/);
  });

  it('treats an empty or blank variable as missing', () => {
    expect(configError({ ...credentials, SH_API_SCRIPT_ID: '  ' }).message).toMatch(
      /^SH_API_SCRIPT_ID is not set/,
    );
  });

  it('refuses plain http to another machine, so the key never crosses a network in clear', () => {
    const error = configError({ ...credentials, SH_API_BASE_URL: 'http://shothub.example/sh' });
    expect(error.message).toContain('SH_API_BASE_URL must use https');
    expect(error.message).not.toContain(credentials.SH_API_SCRIPT_KEY);
  });

  it('accepts plain http on loopback, for the emulator', () => {
    for (const base of [
      'http://127.0.0.1:4010/sh',
      'http://localhost:4010/sh/',
      'http://[::1]:4010/sh',
    ]) {
      expect(loadConfig({ ...credentials, SH_API_BASE_URL: base }).baseUrl).toBe(
        base.replace(/\/$/, ''),
      );
    }
  });

  it('refuses a base URL that is not a URL, or carries a query', () => {
    expect(
      configError({ ...credentials, SH_API_BASE_URL: 'api.pomfort.com/sh' }).message,
    ).toContain('SH_API_BASE_URL is not a URL');
    expect(
      configError({ ...credentials, SH_API_BASE_URL: 'https://api.pomfort.com/sh?x=1' }).message,
    ).toContain('without user, password, query or fragment');
  });
});

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(parseRetryAfter('60', now)).toBe(60);
    expect(parseRetryAfter('Thu, 03 Dec 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Thu, 03 Dec 2026 09:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('configuration mistakes a user makes', () => {
  it('names every missing variable at once', () => {
    expect(configError({}).message).toMatch(/^SH_API_SCRIPT_ID and SH_API_SCRIPT_KEY are not set/);
  });

  it('refuses an emptied SH_API_BASE_URL instead of quietly using the production API', () => {
    expect(configError({ ...credentials, SH_API_BASE_URL: '' }).message).toContain(
      'SH_API_BASE_URL is set but empty',
    );
  });
});
