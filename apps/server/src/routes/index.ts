import type { RouteSpec } from '../route.js';
import { healthRoute } from './health.js';
import { openApiRoute } from './openapi.js';
import { simulateRoute } from './simulate.js';
import { validateRoute } from './validate.js';

/** The route registry: the one list both mounting (app.ts) and the OpenAPI document read. */
export const apiRoutes: readonly RouteSpec[] = [healthRoute, validateRoute, simulateRoute, openApiRoute];
