import { completeTask, listTasks, TASK_KINDS, TASK_STATUSES, type TaskWithLead } from '@trellis/store';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { leadCardSchema } from './lead-card.js';
import { isoTime, limitParam, parseQuery, pathParam } from './params.js';

/** Call and voicemail tasks that journeys give sales (a `call_task`/`voicemail_task` send). */

const SALES = ['sales'] as const;

const taskSchema = z.object({
  id: z.string(),
  leadId: z.string(),
  sendId: z.string(),
  journeyId: z.string().nullable(),
  kind: z.enum(TASK_KINDS),
  title: z.string(),
  script: z.string(),
  assignee: z.string().nullable(),
  dueAt: isoTime,
  status: z.enum(TASK_STATUSES),
  result: z.string().nullable(),
  createdAt: isoTime,
  completedAt: isoTime.nullable(),
  lead: leadCardSchema,
});

function taskAnswer(t: TaskWithLead): z.infer<typeof taskSchema> {
  return {
    ...t,
    dueAt: t.dueAt.toISOString(),
    createdAt: t.createdAt.toISOString(),
    completedAt: t.completedAt?.toISOString() ?? null,
  };
}

const listQuery = z.strictObject({
  status: z.enum(TASK_STATUSES).optional(),
  assignee: z.string().optional(),
  limit: limitParam(100, 500),
});

const listRoute = defineRoute({
  method: 'get',
  path: '/api/tasks',
  operationId: 'listTasks',
  summary: 'Sales tasks, soonest due first; filter by `status` (open, done) and `assignee`; `limit` 1–500.',
  roles: SALES,
  query: listQuery,
  responses: { 200: { description: 'The tasks', schema: z.object({ tasks: z.array(taskSchema) }) } },
  errors: { 400: 'invalid_query: an unknown status or parameter' },
  handle: async ({ c, options }) => {
    const query = parseQuery(listQuery, c.req.query());
    return c.json({ tasks: (await listTasks(runtimeOf(options).db, query)).map(taskAnswer) });
  },
});

const completeBody = z.strictObject({ result: z.string().max(10_000).optional().describe('how it went, e.g. "left a voicemail"') });

const completeRoute = defineRoute<z.output<typeof completeBody>>({
  method: 'post',
  path: '/api/tasks/:id/complete',
  operationId: 'completeTask',
  summary: 'Marks a task done with its result; completing it again keeps the first result.',
  roles: SALES,
  request: { schema: completeBody, emptyAs: {} },
  responses: { 200: { description: 'The task', schema: taskSchema } },
  errors: { 404: 'not_found: no such task' },
  handle: async ({ c, body, options }) => {
    const id = pathParam(c, 'id');
    const task = await completeTask(runtimeOf(options).db, id, body.result ?? null);
    if (!task) throw new ApiError(404, 'not_found', `There is no task "${id}".`);
    return c.json(taskAnswer(task));
  },
});

export const taskRoutes: readonly RouteSpec[] = [listRoute, completeRoute];
