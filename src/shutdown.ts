import type { Logger } from './log.js';

/**
 * Ends the process cleanly once: runs each step of `closing` in turn, ignoring their
 * failures, and exits within a second even when a step hangs (a request waiting on ShotHub,
 * an answer still streaming). SIGINT and SIGTERM trigger it; the caller may add more causes.
 */
export function shutdownOnSignals(
  logger: Logger,
  closing: (() => Promise<void> | undefined)[],
): (reason: string) => Promise<void> {
  let started = false;
  const shutdown = async (reason: string) => {
    if (started) return;
    started = true;
    logger.info('shutting down', { reason });
    setTimeout(() => process.exit(0), 1000).unref();
    for (const step of closing) await step()?.catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  return shutdown;
}
