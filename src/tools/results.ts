import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

import type { Logger } from '../log.js';
import { isShotHubError, type ShotHubError } from '../shothub/errors.js';

/**
 * A mistake in a tool's arguments or a lookup that found nothing, with a message that says
 * what to do next. Shown to the model as it is.
 */
export class ToolInputError extends Error {
  override readonly name = 'ToolInputError';
}

/**
 * A value from ShotHub made safe for one line of a text answer: a line break or control
 * character in a clip name must not read as a row of its own.
 */
export function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}

export function toolResult<T extends object>(text: string, structured: T): CallToolResult {
  return {
    content: [{ type: 'text', text }],
    structuredContent: structured as Record<string, unknown>,
  };
}

export function toolError(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** Per tool: what a 404/403 from ShotHub means there, and what to call instead. */
export interface ErrorHints {
  notFound?: string;
}

/** What went wrong, in words for the model; shared by tools, resources and prompts. */
export function explainFailure(
  error: unknown,
  logger: Logger,
  source: string,
  hints: ErrorHints = {},
): string {
  if (error instanceof ToolInputError) return error.message;
  if (isShotHubError(error)) {
    logger.warn('ShotHub call failed', { source, kind: error.kind, status: error.status });
    return explainShotHubError(error, hints);
  }
  logger.error('failed unexpectedly', {
    source,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  return (
    `${source} failed because of an internal error in shothub-mcp; the details are in the ` +
    'server log. Retrying the same call is unlikely to help.'
  );
}

function explainShotHubError(error: ShotHubError, hints: ErrorHints): string {
  switch (error.kind) {
    case 'not_found':
    case 'forbidden':
      return (
        hints.notFound ?? `${error.message} Call list_projects to see what this script can see.`
      );
    case 'rate_limited':
      return error.retryAfterSeconds === undefined
        ? 'ShotHub is rate-limiting this script; retry in a minute.'
        : `ShotHub is rate-limiting this script; retry after ${error.retryAfterSeconds} s.`;
    case 'auth':
    case 'config':
      return `${error.message} The server's configuration must be fixed; retrying will not help.`;
    case 'network':
    case 'timeout':
    case 'upstream':
      return `${error.message} ShotHub may be down or unreachable; try again shortly.`;
    case 'cancelled':
      return error.message;
    case 'invalid_argument':
      return `${error.message} Use an id exactly as list_projects, get_folder_tree or search give it.`;
    default:
      return `${error.message} This looks like a change in the ShotHub API; please report it.`;
  }
}
