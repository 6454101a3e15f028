import {
  getTemplate,
  openTask,
  putOutboxMessage,
  type DueSend,
  type SqlQueryable,
  type TemplateRecord,
} from '@trellis/store';
import { renderPart, TemplateError, type MergeContext, type SenderIdentity, type TemplatePart } from './render.js';
import { readSendPayload, type SendPayload } from './send-payload.js';
import { resolveSender, templateSigner } from './sender.js';
import { trackEmail } from './email-tracking.js';
import { linksForSend, type SendLinks, type TrackingSetup } from './tracking-links.js';
import { postSigned, type PostAgents, type PostOptions, type PostResult, type WebhookGuard } from './signed-post.js';
import type { SmtpMailer, SmtpResult } from './smtp.js';
import type { Channel } from '@trellis/journey';
import { isHttpUrl, snippetsFor } from './template-library.js';

/**
 * How one claimed send reaches its channel. Preparing (payload, template, sender, rendering)
 * reads the database; what it yields is either a write into our own tables (the outbox, a
 * task), which the caller commits together with the send's mark, or a call to the outside
 * world (SMTP, an HTTP POST), which the caller makes before marking.
 */

export interface ChannelSetup {
  smtp: SmtpMailer | null;
  smsWebhookUrl: string | null;
  directMailWebhookUrl: string | null;
  /** The current signing secret, and the one before a rotation while it still verifies. */
  webhookSecrets: () => Promise<{ current: string; previous: string | null }>;
  /** Where a marketer's webhook may go; provider URLs are the admin's and are not checked. */
  webhookGuard: WebhookGuard;
  /**
   * Kept-open connections: a pair for marketers' webhooks (opened through the guard) and a pair
   * for providers (not checked), never shared, so a provider's connection to an internal host
   * cannot carry a marketer's POST there.
   */
  agents: { webhook: PostAgents; provider: PostAgents };
  defaultSender: SenderIdentity;
  timeoutMs: number;
  tracking: TrackingSetup;
  now: () => Date;
}

export type ExternalResult = PostResult | SmtpResult;

export type ChannelDelivery =
  | { kind: 'internal'; write: (tx: SqlQueryable) => Promise<void> }
  | { kind: 'external'; call: () => Promise<ExternalResult> };

export type Prepared =
  | { ok: true; delivery: ChannelDelivery; missingFields: string[] }
  | { ok: false; error: string; permanent: boolean; missingFields: string[] };

/** Used as the address of an email whose sender has none: a name alone cannot send mail. */
export const FALLBACK_FROM_ADDRESS = 'trellis@localhost';

/** How a send's template is read (delivery reads each once per claimed batch). */
export type TemplateLookup = (id: string) => Promise<TemplateRecord | null>;

export async function prepareDelivery(
  db: SqlQueryable,
  send: DueSend,
  setup: ChannelSetup,
  templateOf: TemplateLookup = (id) => getTemplate(db, id),
): Promise<Prepared> {
  const read = readSendPayload(send.payload);
  if ('error' in read) return refuse(read.error, true);
  const { payload } = read;
  if (send.channel === 'webhook') return prepareWebhook(send, payload, setup, templateOf);

  const template = await templateOf(send.template);
  // Retried, not failed at once: the marketer can still create or fix the template.
  if (!template) return refuse(`no template "${send.template}"`, false);
  if (template.channel !== send.channel) {
    return refuse(`template "${send.template}" is for ${template.channel}, not ${send.channel}`, false);
  }
  // The step's sender wins; a step naming none goes out as the template's own, else the default.
  const sender = payload.sender
    ? await resolveSender(db, payload.sender, payload.lead, setup.defaultSender)
    : (await templateSigner(db, template, payload.lead, setup.defaultSender)).sender;
  // Email is marketing: every one carries tracked links and a working unsubscribe.
  const emailLinks = send.channel === 'email' ? await linksForSend(setup.tracking, { leadId: send.leadId, id: send.id }, setup.now()) : null;
  const context: MergeContext = {
    lead: payload.lead,
    sender,
    journey: payload.journey,
    ...(emailLinks ? { unsubscribeUrl: emailLinks.links.unsubscribe } : {}),
    snippets: await snippetsFor(db, template.subject, template.body, template.html),
  };
  const render = new Renderer(template.channel, context);
  try {
    switch (send.channel) {
      case 'email':
        return await prepareEmail(send, payload, template, sender, render, setup, emailLinks!);
      case 'sms':
        return await prepareSms(send, payload, template, sender, render, setup);
      case 'direct_mail':
        return await prepareDirectMail(send, payload, template, sender, render, setup);
      case 'call_task':
      case 'voicemail_task':
        return await prepareTask(send, payload, template, render);
      default:
        return refuse(`unknown channel "${send.channel}"`, true);
    }
  } catch (error) {
    // A tag refused since the template was saved, a render limit (named with its part), or a
    // filter failing on a value: rendering again would fail the same way; but over time may be a
    // busy machine's doing, so that is tried again (and fails once the attempts run out).
    return refuse(`template "${send.template}" failed to render: ${(error as Error).message.split('\n')[0]}`, !overTime(error), render.missing);
  }
}

async function prepareEmail(
  send: DueSend,
  payload: SendPayload,
  template: TemplateRecord,
  sender: SenderIdentity,
  render: Renderer,
  setup: ChannelSetup,
  { links, headers }: SendLinks,
): Promise<Prepared> {
  const to = payload.lead.email;
  if (!to) return refuse('the lead has no email address', true);
  const subject = await render.part('subject', template.subject ?? '');
  const rendered = {
    text: await render.part('body', template.body),
    html: template.html === null ? null : await render.part('html', template.html),
  };
  const { text, html } = trackEmail(rendered, links);
  const from = { name: sender.name, address: sender.email ?? FALLBACK_FROM_ADDRESS };
  const { smtp } = setup;
  if (smtp) {
    return render.ready({
      kind: 'external',
      call: () => smtp.send({ from, to, subject, text, html, headers, idempotencyKey: send.idempotencyKey }),
    });
  }
  return render.ready(
    toOutbox(send, { to, from: formatAddress(from), subject, text, html }),
  );
}

async function prepareSms(
  send: DueSend,
  payload: SendPayload,
  template: TemplateRecord,
  sender: SenderIdentity,
  render: Renderer,
  setup: ChannelSetup,
): Promise<Prepared> {
  const to = payload.lead.phone;
  if (!to) return refuse('the lead has no phone number', true);
  const text = await render.part('body', template.body);
  const from = sender.phone ?? sender.name;
  if (setup.smsWebhookUrl) {
    const body = { ...providerBody(send, payload), to, from, text };
    return render.ready(providerPost(setup, setup.smsWebhookUrl, body, send, null));
  }
  return render.ready(toOutbox(send, { to, from, subject: null, text, html: null }));
}

async function prepareDirectMail(
  send: DueSend,
  payload: SendPayload,
  template: TemplateRecord,
  sender: SenderIdentity,
  render: Renderer,
  setup: ChannelSetup,
): Promise<Prepared> {
  const to = postalAddress(payload.lead.attributes.address);
  if (!to) return refuse('the lead has no postal address (attributes.address)', true);
  const subject = template.subject === null ? null : await render.part('subject', template.subject);
  const text = await render.part('body', template.body);
  if (setup.directMailWebhookUrl) {
    const body = { ...providerBody(send, payload), to, from: sender.name, subject, text };
    return render.ready(providerPost(setup, setup.directMailWebhookUrl, body, send, null));
  }
  return render.ready(toOutbox(send, { to, from: sender.name, subject, text, html: null }));
}

async function prepareTask(send: DueSend, payload: SendPayload, template: TemplateRecord, render: Renderer): Promise<Prepared> {
  const title = await render.part('subject', template.subject ?? template.name);
  const script = await render.part('body', template.body);
  return render.ready({
    kind: 'internal',
    write: async (tx) => {
      await openTask(tx, {
        leadId: send.leadId,
        sendId: send.id,
        journeyId: send.journeyId,
        kind: send.channel === 'call_task' ? 'call' : 'voicemail',
        title,
        script,
        // The lead's owner works the task; a lead without one leaves it for anyone in sales.
        assignee: payload.lead.owner ?? null,
        // Due when the journey said (a cadence touch's `due` after it was made), else at once.
        dueAt: payload.dueAt ? new Date(payload.dueAt) : send.at,
      });
    },
  });
}

async function prepareWebhook(send: DueSend, payload: SendPayload, setup: ChannelSetup, templateOf: TemplateLookup): Promise<Prepared> {
  let url = send.template;
  let template: TemplateRecord | null = null;
  if (!isHttpUrl(url)) {
    template = await templateOf(send.template);
    if (!template || template.channel !== 'webhook') return refuse(`no webhook template "${send.template}"`, false);
    url = template.body;
  }
  const body = { lead: payload.lead, journey: payload.journey, nodeId: payload.nodeId, template: send.template, sendId: send.id };
  const request = template?.request;
  if (!request) return { ok: true, missingFields: [], delivery: providerPost(setup, url, body, send, setup.webhookGuard) };
  // The template's own JSON: rendered like any text part, then it must parse, or the send fails
  // saying so (a lead value merged without `| json` can break the JSON: rendering again would too).
  let rawBody: string | null = null;
  let missingFields: string[] = [];
  if (request.body !== null) {
    const context: MergeContext = { lead: payload.lead, sender: setup.defaultSender, journey: payload.journey };
    try {
      const rendered = await renderPart('webhook', 'body', request.body, context);
      rawBody = rendered.text;
      missingFields = rendered.missingFields;
      JSON.parse(rawBody);
    } catch (error) {
      const why = (error as Error).message.split('\n')[0];
      return refuse(`webhook template "${send.template}"'s body ${rawBody === null ? 'failed to render' : 'is not JSON'}: ${why}`, !overTime(error), missingFields);
    }
  }
  const delivery = providerPost(setup, url, body, send, setup.webhookGuard, { method: request.method, headers: request.headers, rawBody });
  return { ok: true, missingFields, delivery };
}

function providerBody(send: DueSend, payload: SendPayload) {
  return {
    sendId: send.id,
    leadId: send.leadId,
    channel: send.channel,
    template: send.template,
    journey: payload.journey,
    nodeId: payload.nodeId,
  };
}

function providerPost(
  setup: ChannelSetup,
  url: string,
  body: unknown,
  send: DueSend,
  guard: WebhookGuard | null,
  request?: PostOptions['request'],
): ChannelDelivery {
  return {
    kind: 'external',
    call: async () => {
      const secrets = await setup.webhookSecrets();
      return postSigned(url, body, {
        secret: secrets.current,
        previousSecret: secrets.previous,
        idempotencyKey: send.idempotencyKey,
        timeoutMs: setup.timeoutMs,
        guard,
        agents: guard ? setup.agents.webhook : setup.agents.provider,
        ...(request ? { request } : {}),
      });
    },
  };
}

function toOutbox(
  send: DueSend,
  message: { to: string; from: string; subject: string | null; text: string; html: string | null },
): ChannelDelivery {
  return {
    kind: 'internal',
    write: async (tx) => {
      await putOutboxMessage(tx, { leadId: send.leadId, sendId: send.id, channel: send.channel, ...message });
    },
  };
}

/**
 * Address parts in the order a letter shows them. Stored jsonb does not keep an object's key
 * order, so an address kept as an object is laid out by these names; others follow, by name.
 */
const ADDRESS_PARTS = ['name', 'company', 'line1', 'line2', 'street', 'city', 'state', 'region', 'postcode', 'postal_code', 'zip', 'country'];

/** A postal address kept as one string, a list of lines, or an object of named parts. */
export function postalAddress(value: unknown): string | null {
  const lines = (items: unknown[]) => {
    const kept = items.filter((line): line is string => typeof line === 'string' && line.trim() !== '');
    return kept.length > 0 ? kept.join('\n') : null;
  };
  if (typeof value === 'string') return value.trim() || null;
  if (Array.isArray(value)) return lines(value);
  if (value && typeof value === 'object') {
    const parts = value as Record<string, unknown>;
    const rank = (key: string) => (ADDRESS_PARTS.includes(key) ? ADDRESS_PARTS.indexOf(key) : ADDRESS_PARTS.length);
    const keys = Object.keys(parts).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    return lines(keys.map((key) => parts[key]));
  }
  return null;
}

/** `Name <address>`, quoting a name that holds characters with a meaning in address headers. */
export function formatAddress({ name, address }: { name: string; address: string }): string {
  const shown = /[",;:<>@()[\]\\]/.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : name;
  return `${shown} <${address}>`;
}

function refuse(error: string, permanent: boolean, missingFields: string[] = []): Prepared {
  return { ok: false, error, permanent, missingFields };
}

/** Renders a send's parts and gathers the missing fields of all of them. */
class Renderer {
  readonly #missing = new Set<string>();
  constructor(
    readonly channel: Channel,
    readonly context: MergeContext,
  ) {}

  get missing(): string[] {
    return [...this.#missing];
  }

  async part(part: TemplatePart, source: string): Promise<string> {
    const rendered = await renderPart(this.channel, part, source, this.context);
    for (const field of rendered.missingFields) this.#missing.add(field);
    return rendered.text;
  }

  ready(delivery: ChannelDelivery): Prepared {
    return { ok: true, delivery, missingFields: this.missing };
  }
}

const overTime = (error: unknown) => error instanceof TemplateError && error.overTime;
