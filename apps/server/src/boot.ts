import { createDelivery, deliveryOptionsFromEnv, startDeliveryThread, startDeliveryWorker, type DeliveryReport, type DeliveryWorker } from '@trellis/channels';
import { Engine } from '@trellis/engine';
import { openDatabase, workBacklog, type SqlExecutor } from '@trellis/store';
import type { Hono } from 'hono';
import type { Logger as Pino } from 'pino';
import type { AdminToken } from './admin-token.js';
import { createApp } from './app.js';
import { anyOf, staticTokens, type AuthEnv } from './auth.js';
import type { Config } from './config.js';
import type { Logger } from './errors.js';
import { loadExamplesIntoEmptyDatabase, type LoadedExamples } from './examples.js';
import { ImportRunner } from './imports/import-runner.js';
import { Metrics } from './metrics.js';
import type { ServerPhase } from './route.js';
import type { Runtime } from './runtime.js';
import { StatsFeed } from './stats-feed.js';
import { storedTokens } from './stored-tokens.js';

/**
 * Everything behind the HTTP port: the database (migrated), the engine's worker, delivery, the
 * stats feed, the token directories and the app. main.ts serves the app and calls `stop`.
 */

export interface Trellis {
  app: Hono<AuthEnv>;
  runtime: Runtime;
  examples: LoadedExamples;
  /** Present when the configuration turns metrics on (TRELLIS_METRICS=1). */
  metrics: Metrics | undefined;
  /** Ends the SSE streams; the caller stops taking requests before `stop`. */
  closeStreams(): void;
  /** Stops the workers (each finishes the transaction in hand), then closes the database. */
  stop(): Promise<void>;
}

export interface BootOptions {
  config: Config;
  admin: AdminToken;
  env: NodeJS.ProcessEnv;
  webDist?: string;
  /** Where the example journeys are; loaded into an empty database only. */
  examplesDir?: string;
  log: Logger;
  /** Structured logs: a line per request and per worker batch (main.ts; tests go without). */
  logger?: Pino;
  /** main.ts's phase, for /api/ready. */
  phase?: () => ServerPhase;
}

export async function bootTrellis(options: BootOptions): Promise<Trellis> {
  const { config, log } = options;
  const db: SqlExecutor = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let engine: Engine | undefined;
  let deliveryWorker: DeliveryWorker | undefined;
  try {
    const metrics = config.metrics ? new Metrics((now) => workBacklog(db, now)) : undefined;
    const logger = options.logger;
    engine = new Engine(db, {
      onError: (error) => log(`engine worker: ${errorText(error)}`),
      onBatch: (batch) => {
        metrics?.workerBatch(batch);
        logger?.info({ leads: batch.leads, steps: batch.steps, sends: batch.sends.length, ms: Math.round(batch.ms) }, 'worker batch');
      },
    });
    const examples = options.examplesDir
      ? await loadExamplesIntoEmptyDatabase(db, engine, options.examplesDir, { publish: !config.databaseUrl, log })
      : { journeys: [], templates: [] };
    await engine.start();
    const delivery = createDelivery({ db, ...deliveryOptionsFromEnv(options.env) });
    const onReport = (report: DeliveryReport) => {
      metrics?.delivery(report);
      if (report.outcome === 'failed') log(`delivery: ${report.channel} send ${report.sendId} failed: ${report.error}`);
    };
    const onDeliveryError = (error: unknown) => log(`delivery: ${errorText(error)}`);
    // On PostgreSQL delivery runs beside the engine on its own thread (delivery-thread.ts); the
    // embedded database has one session in this thread, so there it runs here.
    deliveryWorker = config.databaseUrl
      ? await startDeliveryThread({ databaseUrl: config.databaseUrl, env: options.env, onReport, onError: onDeliveryError })
      : await startDeliveryWorker(db, delivery, { onReport, onError: onDeliveryError });
    const statsFeed = new StatsFeed((journeyId) => engine!.stats(journeyId), { log });
    const imports = new ImportRunner(db, { log, now: () => engine!.clock() });
    const runtime: Runtime = { db, engine, statsFeed, imports };
    await imports.resume();
    const tokens = anyOf(staticTokens([{ token: options.admin.token, principal: { name: 'admin', role: 'admin' } }]), storedTokens(db));
    const app = createApp({
      config: {
        databaseUrl: config.databaseUrl,
        webDist: options.webDist,
        defaultSender: options.env.TRELLIS_DEFAULT_SENDER,
        webhookAllow: config.webhookAllow,
        smtpUrl: config.smtpUrl,
      },
      services: {
        tokens,
        log,
        runtime,
        logger,
        metrics,
        phase: options.phase,
        webhookSecret: () => delivery.webhookSecret(),
        rotateWebhookSecret: () => delivery.rotateWebhookSecret(),
      },
    });
    const worker = deliveryWorker;
    const running = engine;
    return {
      app,
      runtime,
      examples,
      metrics,
      closeStreams: () => statsFeed.close(),
      async stop() {
        statsFeed.close();
        await Promise.all([running.stop(), worker.stop(), imports.stop()]);
        delivery.close();
        await db.close();
      },
    };
  } catch (error) {
    await engine?.stop().catch(() => undefined);
    await deliveryWorker?.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
