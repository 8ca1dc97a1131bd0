/** Structured JSON logs on stderr through winston. Never log secrets: callers pass no bodies. */
import winston from 'winston';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export function createLogger(level: LogLevel = 'info'): winston.Logger {
  return winston.createLogger({
    level,
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- winston's Console is a TransportStream
    transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug'] })],
  });
}

/** A logger that drops everything (tests, benchmarks). */
export function silentLogger(): winston.Logger {
  return winston.createLogger({
    silent: true,
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- winston's Console is a TransportStream
    transports: [new winston.transports.Console({ silent: true })],
  });
}
