export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  /** Registers a value that must never be printed, such as a script key or a token. */
  addSecret(secret: string): void;
  /**
   * Hears every event at every level, already redacted, e.g. to pass it on to an MCP client
   * as a log notification. Returns a function that stops it.
   */
  listen(listener: LogListener): () => void;
}

export type LogListener = (level: LogLevel, message: string) => void;

export function parseLogLevel(text: string | undefined): LogLevel {
  const level = text?.trim().toLowerCase();
  if (!level) return 'info';
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  throw new Error(`SHOTHUB_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${text}").`);
}

/**
 * One line per event on stderr: stdout belongs to the MCP protocol. Every line passes through
 * redaction, so a secret that reaches a message by accident is still not printed.
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const secrets = new Set<string>();
  const listeners = new Set<LogListener>();

  const redact = (text: string) => {
    let safe = text;
    for (const secret of secrets) safe = safe.split(secret).join('[redacted]');
    return safe;
  };

  const log = (at: LogLevel, message: string, fields?: LogFields) => {
    const toStderr = LOG_LEVELS.indexOf(at) <= threshold;
    if (!toStderr && listeners.size === 0) return;
    const suffix = Object.entries(fields ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => ` ${key}=${JSON.stringify(value)}`)
      .join('');
    const event = redact(`${message}${suffix}`.replace(/[\r\n]+/g, ' '));
    if (toStderr) write(`${new Date().toISOString()} shothub-mcp ${at}: ${event}\n`);
    for (const listener of listeners) listener(at, event);
  };

  return {
    error: (message, fields) => log('error', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    info: (message, fields) => log('info', message, fields),
    debug: (message, fields) => log('debug', message, fields),
    addSecret: (secret) => {
      if (secret.length >= 4) secrets.add(secret);
    },
    listen: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const silentLogger: Logger = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  addSecret: () => {},
  listen: () => () => {},
};
