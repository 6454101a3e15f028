import { describe, expect, it } from 'vitest';
import { NOTHING_ALLOWED, parseWebhookAllow } from '@trellis/channels';
import { ConfigError, readConfig } from './config.js';

describe('readConfig', () => {
  it('has the documented defaults', () => {
    expect(readConfig({})).toEqual({
      port: 3000,
      databaseUrl: undefined,
      dataDir: './.trellis',
      adminToken: undefined,
      smtpUrl: undefined,
      publicUrl: 'http://localhost:3000',
      webhookAllow: NOTHING_ALLOWED,
      logLevel: 'info',
      metrics: false,
    });
  });

  it('reads every variable', () => {
    expect(
      readConfig({
        PORT: '8080',
        DATABASE_URL: 'postgres://trellis@127.0.0.1:5432/trellis',
        TRELLIS_DATA_DIR: '/var/lib/trellis',
        TRELLIS_ADMIN_TOKEN: 'tok-0123456789abcdefghijk',
        SMTP_URL: 'smtp://user:pass@mail:587',
        TRELLIS_PUBLIC_URL: 'https://trellis.example.com/',
        TRELLIS_WEBHOOK_ALLOW: '127.0.0.1/32,receiver.internal',
        LOG_LEVEL: 'debug',
        TRELLIS_METRICS: '1',
      }),
    ).toEqual({
      port: 8080,
      databaseUrl: 'postgres://trellis@127.0.0.1:5432/trellis',
      dataDir: '/var/lib/trellis',
      adminToken: 'tok-0123456789abcdefghijk',
      smtpUrl: 'smtp://user:pass@mail:587',
      publicUrl: 'https://trellis.example.com',
      webhookAllow: parseWebhookAllow('127.0.0.1/32,receiver.internal'),
      logLevel: 'debug',
      metrics: true,
    });
  });

  it('treats empty variables as unset', () => {
    expect(readConfig({ PORT: '', DATABASE_URL: '', TRELLIS_DATA_DIR: ' ' })).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      dataDir: './.trellis',
    });
  });

  it('refuses a TRELLIS_ADMIN_TOKEN shorter than 24 characters, saying how long it is and how to make one', () => {
    expect(() => readConfig({ TRELLIS_ADMIN_TOKEN: 'admin' })).toThrow(
      'TRELLIS_ADMIN_TOKEN must be at least 24 characters long (it has 5): a short admin token can be guessed. Make one with "openssl rand -base64 32". Or leave it unset to have one made in the data directory.',
    );
    expect(readConfig({ TRELLIS_ADMIN_TOKEN: 'a'.repeat(24) }).adminToken).toBe('a'.repeat(24));
  });

  it('refuses a PORT that is not a port, saying what it got', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow('PORT must be a whole number from 0 to 65535 (got "eighty").');
    expect(() => readConfig({ PORT: '70000' })).toThrow('PORT must be a whole number from 0 to 65535 (got "70000").');
  });

  it('refuses a TRELLIS_PUBLIC_URL that is not an http(s) URL, naming it', () => {
    expect(() => readConfig({ TRELLIS_PUBLIC_URL: 'trellis.example.com' })).toThrow(
      'TRELLIS_PUBLIC_URL must be an http(s) URL such as https://trellis.example.com (got "trellis.example.com").',
    );
    expect(() => readConfig({ TRELLIS_PUBLIC_URL: 'ftp://trellis.example.com' })).toThrow(ConfigError);
  });

  it('refuses a TRELLIS_WEBHOOK_ALLOW entry that is neither a host name nor a range, naming it', () => {
    expect(() => readConfig({ TRELLIS_WEBHOOK_ALLOW: 'receiver.internal, http://hooks' })).toThrow(
      new ConfigError('TRELLIS_WEBHOOK_ALLOW: "http://hooks" is neither a host name nor a CIDR range (such as 10.0.0.0/8 or fd00::/8)'),
    );
  });

  it('refuses a LOG_LEVEL pino does not know, listing the ones it does', () => {
    expect(() => readConfig({ LOG_LEVEL: 'verbose' })).toThrow(
      new ConfigError('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose").'),
    );
    expect(readConfig({ LOG_LEVEL: 'WARN' }).logLevel).toBe('warn');
  });

  it('serves metrics only for TRELLIS_METRICS=1, and refuses a value that is neither 1 nor 0', () => {
    expect(readConfig({ TRELLIS_METRICS: '0' }).metrics).toBe(false);
    expect(() => readConfig({ TRELLIS_METRICS: 'yes' })).toThrow(
      new ConfigError('TRELLIS_METRICS must be 1 (serve GET /metrics) or 0 (do not); got "yes".'),
    );
  });
});
