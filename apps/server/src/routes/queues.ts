import { listQueues, setQueueMembers } from '@trellis/store';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { pathParam } from './params.js';

/** Sales queues: who a round-robin handoff to the queue is assigned to, in turn. */

const queueSchema = z.object({ name: z.string(), members: z.array(z.string()) });

const membersBody = z.strictObject({
  members: z.array(z.string().trim().min(1, 'a member is a non-empty name or email')).max(1_000),
});

const listRoute = defineRoute({
  method: 'get',
  path: '/api/queues',
  operationId: 'listQueues',
  summary: 'Every sales queue with its members, by name.',
  roles: ['operator', 'sales', 'marketer'],
  responses: { 200: { description: 'The queues', schema: z.object({ queues: z.array(queueSchema) }) } },
  handle: async ({ c, options }) => c.json({ queues: await listQueues(runtimeOf(options).db) }),
});

const getRoute = defineRoute({
  method: 'get',
  path: '/api/queues/:name',
  operationId: 'getQueue',
  summary: "A queue's members, in round-robin order.",
  roles: ['operator', 'sales', 'marketer'],
  responses: { 200: { description: 'The queue', schema: queueSchema } },
  errors: { 404: 'not_found: no such queue' },
  handle: async ({ c, options }) => {
    const name = pathParam(c, 'name');
    const queue = (await listQueues(runtimeOf(options).db)).find((q) => q.name === name);
    if (!queue) throw new ApiError(404, 'not_found', `There is no queue "${name}".`);
    return c.json(queue);
  },
});

const putRoute = defineRoute<z.output<typeof membersBody>>({
  method: 'put',
  path: '/api/queues/:name',
  operationId: 'setQueue',
  summary: "Sets a queue's members (creating the queue); the next round-robin handoff goes to the next member in this list.",
  roles: ['operator'],
  request: { schema: membersBody },
  responses: { 200: { description: 'The queue', schema: queueSchema } },
  handle: async ({ c, body, options }) => {
    const name = pathParam(c, 'name');
    await setQueueMembers(runtimeOf(options).db, name, body.members);
    return c.json({ name, members: body.members });
  },
});

export const queueRoutes: readonly RouteSpec[] = [listRoute, getRoute, putRoute];
