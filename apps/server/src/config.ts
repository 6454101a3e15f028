import { WEBHOOK_ALLOW_VARIABLE, parseWebhookAllow, publicUrlFromEnv, type WebhookAllowList } from '@trellis/channels';
import { weakAdminTokenProblem } from './admin-token.js';

/** The server's settings, read from the environment (the table in the README and the HTTP spec). */
export interface Config {
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  adminToken: string | undefined;
  smtpUrl: string | undefined;
  /** TRELLIS_PUBLIC_URL: where the links in sent email point (tracking, unsubscribe). */
  publicUrl: string;
  /** TRELLIS_WEBHOOK_ALLOW: hosts and ranges a marketer's webhook may reach beyond public addresses. */
  webhookAllow: WebhookAllowList;
  /** LOG_LEVEL: the structured log's threshold (pino's levels). */
  logLevel: LogLevel;
  /** TRELLIS_METRICS=1: serve Prometheus text at GET /metrics. */
  metrics: boolean;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function readConfig(env: Record<string, string | undefined>): Config {
  return {
    port: readPort(env.PORT),
    databaseUrl: nonEmpty(env.DATABASE_URL),
    dataDir: nonEmpty(env.TRELLIS_DATA_DIR) ?? './.trellis',
    adminToken: readAdminToken(env.TRELLIS_ADMIN_TOKEN),
    smtpUrl: nonEmpty(env.SMTP_URL),
    publicUrl: readPublicUrl(env),
    webhookAllow: readWebhookAllow(env[WEBHOOK_ALLOW_VARIABLE]),
    logLevel: readLogLevel(env.LOG_LEVEL),
    metrics: readMetrics(env.TRELLIS_METRICS),
  };
}

function readAdminToken(value: string | undefined): string | undefined {
  const token = nonEmpty(value);
  const weak = token === undefined ? undefined : weakAdminTokenProblem(token, 'TRELLIS_ADMIN_TOKEN');
  if (weak !== undefined) throw new ConfigError(`${weak} Or leave it unset to have one made in the data directory.`);
  return token;
}

function readPublicUrl(env: Record<string, string | undefined>): string {
  try {
    return publicUrlFromEnv(env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

function readWebhookAllow(value: string | undefined): WebhookAllowList {
  try {
    return parseWebhookAllow(value);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

function readLogLevel(value: string | undefined): LogLevel {
  const level = nonEmpty(value)?.toLowerCase() ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${value}").`);
  }
  return level as LogLevel;
}

function readMetrics(value: string | undefined): boolean {
  const flag = nonEmpty(value);
  if (flag === undefined || flag === '0') return false;
  if (flag === '1') return true;
  throw new ConfigError(`TRELLIS_METRICS must be 1 (serve GET /metrics) or 0 (do not); got "${value}".`);
}

function readPort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535 (got "${value}").`);
  }
  return port;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
