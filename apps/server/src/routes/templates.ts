import {
  createCheckedTemplate,
  parseDefaultSender,
  previewTemplate,
  templateInputSchema,
  templatePatchSchema,
  updateCheckedTemplate,
  webhookRequestSchema,
  webhookTemplateProblems,
  type LeadSnapshot,
  type TemplateProblem,
} from '@trellis/channels';
import { CHANNELS, senderSchema, type Sender } from '@trellis/journey';
import {
  deleteTemplate,
  everyTemplateUse,
  getLead,
  getTemplate,
  listTemplates,
  templateUses,
  type SqlQueryable,
  type TemplateRecord,
  type TemplateUse,
} from '@trellis/store';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { isoTime, parseQuery, pathParam } from './params.js';

/**
 * Message templates (Liquid), named by the id a send node uses. Saving checks every Liquid
 * part (the channels package owns the language), so a saved template always renders.
 */

const READERS = ['marketer', 'reviewer', 'operator'] as const;
const EDITORS = ['marketer'] as const;

const templateSchema = z.object({
  id: z.string(),
  channel: z.enum(CHANNELS),
  name: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  html: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  updatedBy: z.string().nullable().describe('the name of the token that saved it last; null for templates saved before this was kept'),
  request: webhookRequestSchema.nullable().describe("a webhook's method, extra headers and Liquid JSON body; null posts the send's fixed JSON"),
  sender: senderSchema
    .nullable()
    .describe('who it is from when the send step names no sender: "owner" (the lead\'s registered owner) or { name, email, phone }; null: the default sender'),
});

function templateAnswer(t: TemplateRecord): z.infer<typeof templateSchema> {
  return { ...t, request: t.request ?? null, sender: t.sender ?? null, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString() };
}

/** Who a save is recorded as: the caller's token's name. */
function editorName(c: { get(key: 'principal'): { name: string } }): string {
  return c.get('principal').name;
}

function notFoundTemplate(id: string): ApiError {
  return new ApiError(404, 'not_found', `There is no template "${id}".`);
}

/**
 * A template that send steps leads may still take name cannot be deleted, nor moved to another
 * channel: those sends would fail. Refused (409) naming each journey and step, rather than
 * allowed with a warning, so nothing is shown as working that cannot be delivered.
 */
async function refuseIfInUse(db: SqlQueryable, id: string, change: string): Promise<void> {
  const uses = await templateUses(db, id);
  if (uses.length === 0) return;
  const steps = uses.map((u) => `"${u.journeyName}" version ${u.version}, step "${u.label ?? u.nodeId}"`).join('; ');
  const message =
    `Template "${id}" cannot be ${change}: published journeys send it (${steps}). ` +
    'Pick another template in those steps and publish them, or archive the journeys, first.';
  throw new ApiError(409, 'template_in_use', message, uses.map(useProblem));
}

function useProblem(use: TemplateUse) {
  return { journeyId: use.journeyId, journeyName: use.journeyName, version: use.version, nodeId: use.nodeId, label: use.label };
}

/** A save the channels package refused, as the one HTTP answer that fits its first problem. */
function refusedSave(problems: TemplateProblem[], id: string): ApiError {
  const codes = new Set(problems.map((p) => p.code));
  if (codes.has('not_found')) return notFoundTemplate(id);
  if (codes.has('schema')) {
    const first = problems[0]!;
    const where = first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
    return new ApiError(400, 'invalid_body', `The body does not match its schema${where}: ${first.message}.`, problems);
  }
  if (codes.has('duplicate_id')) return new ApiError(409, 'conflict', `A template with id "${id}" already exists.`, problems);
  return new ApiError(422, 'invalid_template', `The template cannot be saved: ${problems.map((p) => p.message).join('; ')}.`, problems);
}

/** A preview the channels package could not render: the stored template names a refused tag or breaks a limit. */
function refusedPreview(problems: TemplateProblem[], id: string): ApiError {
  if (problems.some((p) => p.code === 'not_found')) return notFoundTemplate(id);
  return new ApiError(422, 'invalid_template', `The template cannot be rendered: ${problems.map((p) => p.message).join('; ')}.`, problems);
}

const listQuery = z.strictObject({ channel: z.enum(CHANNELS).optional() });

const listRoute = defineRoute({
  method: 'get',
  path: '/api/templates',
  operationId: 'listTemplates',
  summary: 'Every template (of one `channel`, when given), by id.',
  roles: READERS,
  query: listQuery,
  responses: { 200: { description: 'The templates', schema: z.object({ templates: z.array(templateSchema) }) } },
  errors: { 400: 'invalid_query: an unknown channel or parameter' },
  handle: async ({ c, options }) => {
    const query = parseQuery(listQuery, c.req.query());
    const templates = await listTemplates(runtimeOf(options).db, query);
    return c.json({ templates: templates.map(templateAnswer) });
  },
});

// The channels package checks the shape itself (its problems carry codes); the schema here
// only documents it, so the request schema lets any JSON object through to that check.
const anyObject = z.record(z.string(), z.unknown(), { error: 'a template must be a JSON object' });

const createRoute = defineRoute<Record<string, unknown>>({
  method: 'post',
  path: '/api/templates',
  operationId: 'createTemplate',
  summary: 'Saves a new template after checking its Liquid.',
  roles: EDITORS,
  request: { schema: anyObject, documentedAs: templateInputSchema },
  responses: { 201: { description: 'The template', schema: templateSchema } },
  errors: { 409: 'conflict: a template with this id exists', 422: 'invalid_template: a Liquid syntax error or a bad webhook URL' },
  handle: async ({ c, body, options }) => {
    const refusedUrl = webhookTemplateProblems(body, options.config.webhookAllow);
    if (refusedUrl.length > 0) throw refusedSave(refusedUrl, String(body.id));
    const saved = await createCheckedTemplate(runtimeOf(options).db, body, editorName(c));
    if (!saved.ok) throw refusedSave(saved.problems, String(body.id));
    c.header('Location', `/api/templates/${encodeURIComponent(saved.template.id)}`);
    return c.json(templateAnswer(saved.template), 201);
  },
});

const getRoute = defineRoute({
  method: 'get',
  path: '/api/templates/:id',
  operationId: 'getTemplate',
  summary: 'One template.',
  roles: READERS,
  responses: { 200: { description: 'The template', schema: templateSchema } },
  errors: { 404: 'not_found: no such template' },
  handle: async ({ c, options }) => {
    const id = pathParam(c, 'id');
    const template = await getTemplate(runtimeOf(options).db, id);
    if (!template) throw notFoundTemplate(id);
    return c.json(templateAnswer(template));
  },
});

const updateRoute = defineRoute<Record<string, unknown>>({
  method: 'put',
  path: '/api/templates/:id',
  operationId: 'updateTemplate',
  summary: 'Changes a template: fields sent replace, left out keep, `subject`/`html` null clear. Checked as it would be after.',
  roles: EDITORS,
  request: { schema: anyObject, documentedAs: templatePatchSchema },
  responses: { 200: { description: 'The template', schema: templateSchema } },
  errors: {
    404: 'not_found: no such template',
    409: 'template_in_use: a new `channel` for a template published journeys send; `problems` names each journey and step',
    422: 'invalid_template: a Liquid syntax error or a bad webhook URL',
  },
  handle: async ({ c, body, options }) => {
    const id = pathParam(c, 'id');
    const { db } = runtimeOf(options);
    // Checked as the template would be after the patch, as the other checks are.
    const current = await getTemplate(db, id);
    if (current && typeof body.channel === 'string' && body.channel !== current.channel) {
      await refuseIfInUse(db, id, `moved to another channel`);
    }
    const refusedUrl = webhookTemplateProblems({ ...current, ...body }, options.config.webhookAllow);
    if (refusedUrl.length > 0) throw refusedSave(refusedUrl, id);
    const saved = await updateCheckedTemplate(db, id, body, editorName(c));
    if (!saved.ok) throw refusedSave(saved.problems, id);
    return c.json(templateAnswer(saved.template));
  },
});

const deleteRoute = defineRoute({
  method: 'delete',
  path: '/api/templates/:id',
  operationId: 'deleteTemplate',
  summary:
    'Deletes a template no published journey sends (a draft that names it then has an `unknown_template` problem). ' +
    'One that published journeys send is refused, naming them.',
  roles: EDITORS,
  responses: { 204: { description: 'Deleted' } },
  errors: {
    404: 'not_found: no such template',
    409: 'template_in_use: published journeys send it; `problems` names each journey, version and step',
  },
  handle: async ({ c, options }) => {
    const id = pathParam(c, 'id');
    const { db } = runtimeOf(options);
    if (!(await getTemplate(db, id))) throw notFoundTemplate(id);
    await refuseIfInUse(db, id, 'deleted');
    if (!(await deleteTemplate(db, id))) throw notFoundTemplate(id);
    return c.body(null, 204);
  },
});

export const previewBody = z.strictObject({
  leadId: z.string().min(1).optional().describe('render for this stored lead'),
  lead: z
    .strictObject({
      email: z.string().nullish(),
      phone: z.string().nullish(),
      timezone: z.string().nullish(),
      owner: z.string().nullish(),
      score: z.number().nullish(),
      stage: z.string().nullish(),
      attributes: z.record(z.string(), z.unknown()).optional(),
    })
    .optional()
    .describe('or render for this sample lead'),
  sender: z
    .union([z.literal('owner'), z.strictObject({ name: z.string(), email: z.string().nullish(), phone: z.string().nullish() })])
    .optional()
    .describe('as the send step names it: "owner" signs as the lead\'s registered owner, else the default sender; left out: the template\'s own sender, else the default'),
});

/** The lead (stored, by `leadId`, or a sample) and the sender a preview or test send renders for. */
export async function previewSubject(db: SqlQueryable, body: z.output<typeof previewBody>): Promise<{ lead: LeadSnapshot; sender: Sender | null }> {
  let lead: LeadSnapshot = { id: 'preview', attributes: {}, ...body.lead };
  if (body.leadId !== undefined) {
    const stored = await getLead(db, body.leadId);
    if (!stored) throw new ApiError(404, 'not_found', `There is no lead "${body.leadId}".`);
    lead = stored;
  }
  // The journey format's sender leaves a part out where the preview body may send null.
  const sender: Sender | null =
    body.sender === 'owner' || !body.sender
      ? (body.sender ?? null)
      : { name: body.sender.name, email: body.sender.email ?? undefined, phone: body.sender.phone ?? undefined };
  return { lead, sender };
}

export const previewAnswer = z.object({
  subject: z.string().nullable(),
  text: z.string(),
  html: z.string().nullable(),
  missingFields: z.array(z.string()).describe('merge fields with no value for this lead, e.g. lead.first_name'),
  sender: z
    .object({
      name: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      signature: z.string().nullish(),
      as: z.enum(['owner', 'step', 'template', 'default']),
    })
    .nullable()
    .describe("who it goes out as for this lead, and why: the lead's registered owner, the step's own sender, the template's own sender (when no step sender is given), or the default (null for a webhook)"),
});

const previewRoute = defineRoute<z.output<typeof previewBody>>({
  method: 'post',
  path: '/api/templates/:id/preview',
  operationId: 'previewTemplate',
  summary: 'Renders a template for a stored lead (`leadId`) or a sample `lead`, reporting merge fields with no value.',
  roles: ['marketer', 'reviewer'],
  request: { schema: previewBody, emptyAs: {} },
  responses: { 200: { description: 'The rendered parts', schema: previewAnswer } },
  errors: {
    404: 'not_found: no such template or lead',
    422: 'invalid_template: the stored template cannot render (a refused tag, a render limit), naming the part',
  },
  handle: async ({ c, body, options }) => {
    const { db } = runtimeOf(options);
    const id = pathParam(c, 'id');
    const previewed = await previewTemplate(db, id, {
      ...(await previewSubject(db, body)),
      defaultSender: parseDefaultSender(options.config.defaultSender),
    });
    if (!previewed.ok) throw refusedPreview(previewed.problems, id);
    return c.json(previewed.preview);
  },
});

const usesRoute = defineRoute({
  method: 'get',
  path: '/api/template-uses',
  operationId: 'listTemplateUses',
  summary: 'Where each template is sent: the send steps leads may still take (published versions of live journeys, and older versions leads are on).',
  roles: READERS,
  responses: {
    200: {
      description: 'The uses, by template id',
      schema: z.object({
        uses: z.array(
          z.object({ template: z.string(), journeyId: z.string(), journeyName: z.string(), version: z.number(), nodeId: z.string(), label: z.string().nullable() }),
        ),
      }),
    },
  },
  handle: async ({ c, options }) => c.json({ uses: await everyTemplateUse(runtimeOf(options).db) }),
});

export const templateRoutes: readonly RouteSpec[] = [listRoute, createRoute, getRoute, updateRoute, deleteRoute, previewRoute, usesRoute];
