import { ShotHubError } from './errors.js';

export const DEFAULT_BASE_URL = 'https://api.pomfort.com/sh';

export interface ShotHubCredentials {
  scriptId: string;
  scriptKey: string;
}

export interface ShotHubConfig extends ShotHubCredentials {
  /** Base URL without a trailing slash, e.g. `https://api.pomfort.com/sh`. */
  baseUrl: string;
}

const WHERE_TO_GET_CREDENTIALS =
  'create a script in ShotHub under Team Settings, scripts tab, and copy its Script ID and ' +
  'Script Key (Team Plan only); or start shothub-mcp with --demo to try the sample projects';

export interface ClientTuning {
  requestTimeoutMs?: number;
  cacheLifetimeMs?: number;
  concurrency?: number;
  pageSize?: number;
}

/**
 * Optional tuning: SHOTHUB_CACHE_SECONDS (0 turns the cache off), SHOTHUB_CONCURRENCY,
 * SHOTHUB_PAGE_SIZE and SHOTHUB_REQUEST_TIMEOUT_SECONDS (one HTTP exchange). A value that is
 * not a whole number in range stops the server at start.
 */
export function loadTuning(env: NodeJS.ProcessEnv = process.env): ClientTuning {
  const read = (name: string, min: number, max: number) => {
    const text = env[name]?.trim();
    if (!text) return undefined;
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
      throw new ShotHubError('config', `${name} must be a whole number from ${min} to ${max}.`);
    }
    return Number(text);
  };
  const seconds = read('SHOTHUB_CACHE_SECONDS', 0, 86_400);
  const timeout = read('SHOTHUB_REQUEST_TIMEOUT_SECONDS', 1, 600);
  return {
    ...(timeout === undefined ? {} : { requestTimeoutMs: timeout * 1000 }),
    ...(seconds === undefined ? {} : { cacheLifetimeMs: seconds * 1000 }),
    ...optional('concurrency', read('SHOTHUB_CONCURRENCY', 1, 16)),
    ...optional('pageSize', read('SHOTHUB_PAGE_SIZE', 1, 10_000)),
  };
}

function optional<K extends string>(key: K, value: number | undefined) {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/** Reads the configuration the way Pomfort's sample scripts do: from SH_API_* variables. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ShotHubConfig {
  const scriptId = env.SH_API_SCRIPT_ID?.trim();
  const scriptKey = env.SH_API_SCRIPT_KEY?.trim();
  const missing = [
    ...(scriptId ? [] : ['SH_API_SCRIPT_ID']),
    ...(scriptKey ? [] : ['SH_API_SCRIPT_KEY']),
  ];
  if (missing.length > 0 || !scriptId || !scriptKey) {
    const verb = missing.length > 1 ? 'are' : 'is';
    throw new ShotHubError(
      'config',
      `${missing.join(' and ')} ${verb} not set: ${WHERE_TO_GET_CREDENTIALS}.`,
    );
  }

  const base = env.SH_API_BASE_URL;
  if (base !== undefined && base.trim() === '') {
    // An emptied variable is more likely a mistake than a wish for the production API.
    throw new ShotHubError(
      'config',
      `SH_API_BASE_URL is set but empty: remove it to use ${DEFAULT_BASE_URL}, or set it to ` +
        'the URL the emulator prints.',
    );
  }
  return { scriptId, scriptKey, baseUrl: parseBaseUrl(base?.trim() || DEFAULT_BASE_URL) };
}

/**
 * Accepts https anywhere, and plain http only on this machine, so that a script key is never
 * sent in clear text across a network.
 */
export function parseBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ShotHubError(
      'config',
      `SH_API_BASE_URL is not a URL: "${text}". Use ${DEFAULT_BASE_URL}, a loopback URL ` +
        'such as http://127.0.0.1:4010/sh for the emulator, or unset it.',
    );
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ShotHubError(
      'config',
      `SH_API_BASE_URL must use https (got ${url.protocol}//${url.host}); ` +
        'plain http is allowed only for a loopback host such as 127.0.0.1 or localhost.',
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ShotHubError(
      'config',
      'SH_API_BASE_URL must be a plain base URL without user, password, query or fragment.',
    );
  }
  return url.href.replace(/\/+$/, '');
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
