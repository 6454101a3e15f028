import { z } from 'zod';
import { ROLES } from '../auth.js';
import { defineRoute } from '../route.js';

/** Who the caller's token says they are: the web app shows each role its own pages from this. */
export const meRoute = defineRoute({
  method: 'get',
  path: '/api/me',
  operationId: 'whoAmI',
  summary: "The caller's name and role, as its token says.",
  roles: ['marketer', 'reviewer', 'operator', 'sales', 'ingest'],
  responses: { 200: { description: 'The caller', schema: z.object({ name: z.string(), role: z.enum(ROLES) }) } },
  handle: ({ c }) => {
    const { name, role } = c.get('principal');
    return c.json({ name, role });
  },
});
