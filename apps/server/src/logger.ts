import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

/**
 * The server's structured log: one JSON object a line on stdout (requests, worker batches,
 * errors), at the LOG_LEVEL threshold. The start banner stays plain text for people.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'trellis' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // "info", not 30: read by people as often as by machines.
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}
