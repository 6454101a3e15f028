import { ApiError } from '../errors.js';
import { defineRoute } from '../route.js';

/** `GET /metrics`: Prometheus text, no token, only when the server started with TRELLIS_METRICS=1. */
export const metricsRoute = defineRoute({
  method: 'get',
  path: '/metrics',
  operationId: 'metrics',
  summary:
    'Prometheus text (only with TRELLIS_METRICS=1, else 404): trellis_events_ingested_total, trellis_steps_total, ' +
    'trellis_sends_total{channel,status}, trellis_due_leads, trellis_wake_lag_seconds, trellis_delivery_pending, and the process. Needs no token.',
  roles: 'public',
  responses: { 200: { description: 'text/plain; version=0.0.4 (Prometheus exposition)' } },
  handle: async ({ c, options }) => {
    const metrics = options.services.metrics;
    if (!metrics) throw new ApiError(404, 'not_found', 'Metrics are off; start the server with TRELLIS_METRICS=1 to serve them.');
    const { contentType, text } = await metrics.exposition();
    return c.body(text, 200, { 'content-type': contentType, 'cache-control': 'no-store' });
  },
});
