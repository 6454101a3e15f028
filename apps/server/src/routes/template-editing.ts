import {
  checkTemplate,
  draftTemplateSchema,
  mergeFields,
  parseDefaultSender,
  previewDraftTemplate,
  putCheckedSnippet,
  sendTestEmail,
  snippetInputSchema,
  templateCheckInputSchema,
  type TemplateProblem,
} from '@trellis/channels';
import { getTemplate, listSnippets, type SnippetRecord } from '@trellis/store';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { isoTime, pathParam } from './params.js';
import { previewAnswer, previewBody, previewSubject } from './templates.js';

/**
 * What the message editor needs beyond saving templates: a check as the marketer types, the
 * fields it offers, snippets, and a test send through SMTP. The rules are the channels
 * package's; these parse, call it, and shape the answer.
 */

const READERS = ['marketer', 'reviewer', 'operator'] as const;

const checkAnswer = z.object({
  problems: z.array(
    z.object({
      part: z.enum(['subject', 'body', 'html', 'request']),
      severity: z.enum(['error', 'warning']).describe('errors block saving; warnings (a field no lead has) do not'),
      message: z.string(),
      line: z.number().nullable(),
      col: z.number().nullable(),
    }),
  ),
});

const checkRoute = defineRoute<z.output<typeof templateCheckInputSchema>>({
  method: 'post',
  path: '/api/templates/check',
  operationId: 'checkTemplate',
  summary: 'Checks template parts as a save would, without saving: errors with part, line and column, and unknown merge fields as warnings.',
  roles: ['marketer', 'reviewer'],
  request: { schema: templateCheckInputSchema },
  responses: { 200: { description: 'The problems, none when it would save cleanly', schema: checkAnswer } },
  handle: async ({ c, body, options }) => c.json({ problems: await checkTemplate(runtimeOf(options).db, body) }),
});

const fieldsRoute = defineRoute({
  method: 'get',
  path: '/api/merge-fields',
  operationId: 'listMergeFields',
  summary: "The fields a template may merge: the lead's own, attributes seen on leads, the sender's, the journey's.",
  roles: READERS,
  responses: {
    200: {
      description: 'The fields, as written in Liquid',
      schema: z.object({ lead: z.array(z.string()), attributes: z.array(z.string()), sender: z.array(z.string()), other: z.array(z.string()) }),
    },
  },
  handle: async ({ c, options }) => c.json(await mergeFields(runtimeOf(options).db)),
});

const snippetSchema = z.object({ name: z.string(), text: z.string(), html: z.string().nullable(), updatedAt: isoTime, updatedBy: z.string().nullable() });

function snippetAnswer(s: SnippetRecord): z.output<typeof snippetSchema> {
  return { ...s, updatedAt: s.updatedAt.toISOString() };
}

const listSnippetsRoute = defineRoute({
  method: 'get',
  path: '/api/snippets',
  operationId: 'listSnippets',
  summary: 'Every snippet (a block templates include with `{% snippet "name" %}`), by name.',
  roles: READERS,
  responses: { 200: { description: 'The snippets', schema: z.object({ snippets: z.array(snippetSchema) }) } },
  handle: async ({ c, options }) => c.json({ snippets: (await listSnippets(runtimeOf(options).db)).map(snippetAnswer) }),
});

function refusedSnippet(problems: TemplateProblem[]): ApiError {
  const first = problems[0]!;
  if (first.code === 'schema') {
    const code = first.path[0] === 'name' ? 'invalid_path' : 'invalid_body';
    return new ApiError(400, code, `The snippet ${first.path.join('.') || 'body'} is wrong: ${first.message}.`, problems);
  }
  return new ApiError(422, 'invalid_template', `The snippet cannot be saved: ${problems.map((p) => p.message).join('; ')}.`, problems);
}

const putSnippetRoute = defineRoute<z.output<typeof snippetInputSchema>>({
  method: 'put',
  path: '/api/snippets/:name',
  operationId: 'putSnippet',
  summary: 'Creates or rewrites a snippet (there is no delete: a template naming it must always find it).',
  roles: ['marketer'],
  request: { schema: snippetInputSchema },
  responses: { 200: { description: 'The snippet', schema: snippetSchema } },
  errors: { 400: 'invalid_path: a bad name', 422: 'invalid_template: a Liquid syntax error, or a snippet including another' },
  handle: async ({ c, body, options }) => {
    const saved = await putCheckedSnippet(runtimeOf(options).db, pathParam(c, 'name'), body, c.get('principal').name);
    if (!saved.ok) throw refusedSnippet(saved.problems);
    return c.json(snippetAnswer(saved.snippet));
  },
});

/** A draft preview the channels package refused: its shape (400, naming where) or its Liquid (422, naming the part). */
function refusedDraft(problems: TemplateProblem[]): ApiError {
  const first = problems[0]!;
  if (first.code === 'schema') {
    const where = ['template', ...first.path].join('.');
    return new ApiError(400, 'invalid_body', `The body does not match its schema at ${where}: ${first.message}.`, problems);
  }
  return new ApiError(422, 'invalid_template', `The template cannot be rendered: ${problems.map((p) => p.message).join('; ')}.`, problems);
}

// The channels package checks the draft itself (its problems carry codes and parts); the
// schema here lets any JSON object through to that check and documents the draft's shape.
const draftPreviewBody = previewBody.extend({
  template: z.record(z.string(), z.unknown(), { error: 'the draft template, as a JSON object' }),
});

const draftPreviewRoute = defineRoute<z.output<typeof draftPreviewBody>>({
  method: 'post',
  path: '/api/templates/preview',
  operationId: 'previewDraftTemplate',
  summary:
    'Renders a template not saved yet (`template`: its channel, subject, body, html, request, sender) for a stored lead (`leadId`) or a sample `lead`, ' +
    'as the preview of a saved one does: checked as a save would be, then rendered with the same limits and sanitiser as delivery. Nothing is stored.',
  roles: ['marketer', 'reviewer'],
  request: { schema: draftPreviewBody, documentedAs: previewBody.extend({ template: draftTemplateSchema }) },
  responses: { 200: { description: 'The rendered parts', schema: previewAnswer } },
  errors: {
    404: 'not_found: no such lead',
    422: 'invalid_template: a Liquid syntax error, a refused tag, an unknown snippet or a render limit, naming the part',
  },
  handle: async ({ c, body, options }) => {
    const { db } = runtimeOf(options);
    const previewed = await previewDraftTemplate(db, body.template, {
      ...(await previewSubject(db, body)),
      defaultSender: parseDefaultSender(options.config.defaultSender),
    });
    if (!previewed.ok) throw refusedDraft(previewed.problems);
    return c.json(previewed.preview);
  },
});

const testSendBody = previewBody.extend({
  to: z.email({ error: 'an email address to send the test to' }).max(320),
});

const testSendRoute = defineRoute<z.output<typeof testSendBody>>({
  method: 'post',
  path: '/api/templates/:id/test-send',
  operationId: 'testSendTemplate',
  summary:
    'Sends an email template rendered for a stored lead (`leadId`) or a sample `lead` to `to` through the configured SMTP server, ' +
    'its subject starting "[Test] " and an `X-Trellis-Test: 1` header. Nothing is recorded: a test is never counted.',
  roles: ['marketer'],
  request: { schema: testSendBody },
  responses: {
    200: { description: 'Accepted by the SMTP server', schema: z.object({ to: z.string(), from: z.string(), subject: z.string() }) },
  },
  errors: {
    404: 'not_found: no such template or lead',
    409: 'smtp_not_configured: the server has no SMTP_URL (mail goes to the built-in outbox, which a test would not reach)',
    422: 'invalid_template: not an email template, or it cannot render',
    502: 'smtp_failed: the SMTP server refused the message or could not be reached',
  },
  handle: async ({ c, body, options }) => {
    const { db } = runtimeOf(options);
    const id = pathParam(c, 'id');
    // The template named is checked first: a test of one that does not exist is a 404 wherever mail goes.
    if (!(await getTemplate(db, id))) throw new ApiError(404, 'not_found', `There is no template "${id}".`);
    const smtpUrl = options.config.smtpUrl;
    if (!smtpUrl) {
      throw new ApiError(409, 'smtp_not_configured', 'This server has no SMTP server configured (SMTP_URL), so a test email has nowhere to go.');
    }
    const sent = await sendTestEmail(db, id, {
      ...(await previewSubject(db, body)),
      to: body.to,
      defaultSender: parseDefaultSender(options.config.defaultSender),
      smtpUrl,
    });
    if (sent.ok) return c.json({ to: sent.to, from: sent.from, subject: sent.subject });
    if (sent.reason === 'not_found') throw new ApiError(404, 'not_found', `There is no template "${id}".`);
    if (sent.reason === 'smtp_failed') throw new ApiError(502, 'smtp_failed', `The SMTP server did not take the test: ${sent.message}.`);
    throw new ApiError(422, 'invalid_template', `The test cannot be sent: ${sent.message}.`, sent.problems);
  },
});

export const templateEditingRoutes: readonly RouteSpec[] = [checkRoute, draftPreviewRoute, fieldsRoute, listSnippetsRoute, putSnippetRoute, testSendRoute];
