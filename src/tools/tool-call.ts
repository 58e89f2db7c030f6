import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type {
  CallToolResult,
  ServerNotification,
  ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';

import type { ToolContext } from './context.js';
import { explainFailure, toolError, type ErrorHints } from './results.js';

export type RequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** What a tool's work is given for one call. */
export interface ToolCall {
  /** Aborted when the client cancels the call or the call's deadline passes. */
  signal: AbortSignal;
  /** Reports progress when the client asked for it (with a progress token); else nothing. */
  progress(done: number, total: number | undefined, message: string): void;
}

/** Progress is sent at most this often, so a fast listing does not flood the client. */
const PROGRESS_INTERVAL_MS = 250;

/**
 * Runs one tool call within its deadline, with progress for the client, and turns any
 * failure into an `isError` result that says what went wrong and what to do next.
 */
export async function runToolCall(
  ctx: ToolContext,
  toolName: string,
  extra: RequestExtra,
  hints: ErrorHints,
  work: (call: ToolCall) => Promise<CallToolResult>,
): Promise<CallToolResult> {
  const deadline = AbortSignal.timeout(ctx.limits.callTimeoutMs);
  const signal = AbortSignal.any([extra.signal, deadline]);
  try {
    return await work({ signal, progress: progressReporter(extra) });
  } catch (error) {
    if (deadline.aborted && !extra.signal.aborted) {
      return toolError(
        `${toolName} ran out of time: ShotHub did not finish answering within ` +
          `${Math.round(ctx.limits.callTimeoutMs / 1000)} s. Narrow the call (a project, a ` +
          'folderId) or try again later.',
      );
    }
    return toolError(explainFailure(error, ctx.logger, toolName, hints));
  }
}

function progressReporter(extra: RequestExtra): ToolCall['progress'] {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return () => {};
  let lastSentMs = 0;
  return (done, total, message) => {
    const now = Date.now();
    if (now - lastSentMs < PROGRESS_INTERVAL_MS && done !== total) return;
    lastSentMs = now;
    void extra
      .sendNotification({
        method: 'notifications/progress',
        params: {
          progressToken,
          progress: done,
          ...(total === undefined ? {} : { total }),
          message,
        },
      })
      .catch(() => undefined);
  };
}

/**
 * The answer with as many of `available` rows as the response budget allows: the full answer
 * when it fits, else the longest prefix that does, found by halving. `render(count)` must
 * say in its text when `count` is less than `available`, and how to get the rest.
 */
export function fitToBudget(
  budget: number,
  available: number,
  render: (count: number) => CallToolResult,
): CallToolResult {
  const size = (result: CallToolResult) => JSON.stringify(result).length;
  const full = render(available);
  if (size(full) <= budget || available === 0) return full;

  let low = 0;
  let high = available - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (size(render(middle)) <= budget) low = middle;
    else high = middle - 1;
  }
  return render(low);
}

/** The sentence a cut answer carries. */
export function budgetNote(shown: number, available: number, budget: number, next: string) {
  return (
    `Cut to ${shown} of ${available} rows to stay within the response budget of ${budget} ` +
    `characters; ${next}.`
  );
}
