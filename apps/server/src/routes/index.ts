import type { RouteSpec } from '../route.js';
import { commentRoutes } from './comments.js';
import { eventsRoute } from './events.js';
import { handoffRoutes } from './handoffs.js';
import { healthRoute } from './health.js';
import { importRoutes } from './imports.js';
import { journeyRoutes } from './journeys.js';
import { leadListRoutes } from './lead-list.js';
import { leadRoutes } from './leads.js';
import { nodeLeadsRoutes } from './node-leads.js';
import { liveEditRoutes } from './live-edits.js';
import { meRoute } from './me.js';
import { metricsRoute } from './metrics.js';
import { openApiRoute } from './openapi.js';
import { outboxRoute } from './outbox.js';
import { preferenceRoutes } from './preferences.js';
import { publishRequestRoutes } from './publish-requests.js';
import { publishSimulateRoutes } from './publish-simulate.js';
import { queueRoutes } from './queues.js';
import { scoringRoutes } from './scoring.js';
import { segmentRoutes } from './segments.js';
import { senderRoutes } from './senders.js';
import { readyRoute } from './ready.js';
import { reportRoutes } from './report.js';
import { sendCountsRoute } from './send-counts.js';
import { simulateRoute } from './simulate.js';
import { statsRoutes } from './stats.js';
import { taskRoutes } from './tasks.js';
import { templateRoutes } from './templates.js';
import { templateEditingRoutes } from './template-editing.js';
import { tokenRoutes } from './tokens.js';
import { trackingRoutes } from './tracking.js';
import { validateRoute } from './validate.js';
import { webhookSecretRoutes } from './webhook-secret.js';

/** The route registry: the one list both mounting (app.ts) and the OpenAPI document read. */
export const apiRoutes: readonly RouteSpec[] = [
  healthRoute,
  readyRoute,
  metricsRoute,
  meRoute,
  tokenRoutes,
  validateRoute,
  simulateRoute,
  journeyRoutes,
  liveEditRoutes,
  publishRequestRoutes,
  publishSimulateRoutes,
  commentRoutes,
  statsRoutes,
  reportRoutes,
  sendCountsRoute,
  leadListRoutes,
  leadRoutes,
  nodeLeadsRoutes,
  segmentRoutes,
  scoringRoutes,
  importRoutes,
  eventsRoute,
  handoffRoutes,
  queueRoutes,
  senderRoutes,
  templateEditingRoutes,
  templateRoutes,
  outboxRoute,
  taskRoutes,
  trackingRoutes,
  preferenceRoutes,
  webhookSecretRoutes,
  openApiRoute,
].flat();
