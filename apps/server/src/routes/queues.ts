import { countOpenHandoffs, listQueues, setQueueMembers, type SqlQueryable } from '@trellis/store';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { pathParam } from './params.js';

/** Sales queues: who a round-robin handoff to the queue is assigned to, in turn. */

const queueSchema = z.object({
  name: z.string(),
  members: z.array(z.string()),
  openHandoffs: z
    .array(z.object({ assignee: z.string().nullable(), open: z.number() }))
    .describe('open handoffs of the queue by assignee (null: opened while the queue had no members), members first in their order'),
});

type Queue = z.output<typeof queueSchema>;

/** Every queue (or the one named) with its open handoffs per member: two reads, joined here. */
async function queuesWithLoad(db: SqlQueryable, only?: string): Promise<Queue[]> {
  const [queues, counts] = await Promise.all([listQueues(db), countOpenHandoffs(db)]);
  return queues
    .filter((q) => only === undefined || q.name === only)
    .map((q) => {
      const mine = counts.filter((c) => c.queue === q.name);
      const ofMember = (member: string) => ({ assignee: member, open: mine.find((c) => c.assignee === member)?.open ?? 0 });
      // Someone taken off the queue may still hold handoffs: they stay listed after the members.
      const others = mine.filter((c) => c.assignee === null || !q.members.includes(c.assignee)).map((c) => ({ assignee: c.assignee, open: c.open }));
      return { name: q.name, members: q.members, openHandoffs: [...q.members.map(ofMember), ...others] };
    });
}

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
  handle: async ({ c, options }) => c.json({ queues: await queuesWithLoad(runtimeOf(options).db) }),
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
    const [queue] = await queuesWithLoad(runtimeOf(options).db, name);
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
    const { db } = runtimeOf(options);
    await setQueueMembers(db, name, body.members);
    const [queue] = await queuesWithLoad(db, name);
    return c.json(queue!);
  },
});

export const queueRoutes: readonly RouteSpec[] = [listRoute, getRoute, putRoute];
