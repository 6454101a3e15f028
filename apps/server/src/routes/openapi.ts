import { defineRoute } from '../route.js';
import { openApiDocument } from '../openapi.js';

export const openApiRoute = defineRoute({
  method: 'get',
  path: '/api/openapi.json',
  operationId: 'openApi',
  summary: 'This document: every route, who may call it, and its bodies as JSON Schema.',
  roles: ['marketer', 'reviewer', 'operator', 'sales'],
  responses: { 200: { description: 'OpenAPI 3.1' } },
  handle: ({ c, routes }) => c.json(openApiDocument(routes)),
});
