import type { Logger } from '../log.js';
import type { ShotHubClient } from '../shothub/client.js';

/** The ShotHub calls tools may make: all read-only. */
export type ShotHubReader = Pick<
  ShotHubClient,
  | 'listProjects'
  | 'getFolderTree'
  | 'listAssets'
  | 'forEachAsset'
  | 'getAsset'
  | 'getDynamicMetadata'
  | 'getCdlZip'
>;

export interface ToolLimits {
  /** The most characters one tool result may hold, text and structuredContent together. */
  responseBudgetChars: number;
  /** The longest one tool call may take, ShotHub's answers and retries included. */
  callTimeoutMs: number;
}

export const DEFAULT_LIMITS: ToolLimits = {
  // About 20,000 tokens: room for a long answer, well inside an assistant's tool output limit.
  responseBudgetChars: 80_000,
  callTimeoutMs: 120_000,
};

/** What every tool is given; tools reach ShotHub only through it. */
export interface ToolContext {
  shothub: ShotHubReader;
  logger: Logger;
  limits: ToolLimits;
}

/**
 * SHOTHUB_RESPONSE_BUDGET (characters) and SHOTHUB_CALL_TIMEOUT_SECONDS; a value that is not a
 * whole number in range stops the server at start with a message naming it.
 */
export function loadLimits(env: NodeJS.ProcessEnv = process.env): ToolLimits {
  const read = (name: string, min: number, max: number, fallback: number) => {
    const text = env[name]?.trim();
    if (!text) return fallback;
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
      throw new Error(`${name} must be a whole number from ${min} to ${max}.`);
    }
    return Number(text);
  };
  return {
    responseBudgetChars: read(
      'SHOTHUB_RESPONSE_BUDGET',
      2_000,
      10_000_000,
      DEFAULT_LIMITS.responseBudgetChars,
    ),
    callTimeoutMs:
      read('SHOTHUB_CALL_TIMEOUT_SECONDS', 1, 3_600, DEFAULT_LIMITS.callTimeoutMs / 1000) * 1000,
  };
}
