/**
 * The logging surface controllers use: structured message + fields. A winston Logger satisfies it,
 * so controllers never import the API server's logger.
 */
export interface Logger {
  error(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  debug(message: string, meta?: Record<string, unknown>): void;
}

const noop = (): void => undefined;

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { error: noop, warn: noop, info: noop, debug: noop };

/** The message of any thrown value, for log fields. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
