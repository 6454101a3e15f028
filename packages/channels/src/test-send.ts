import { randomUUID } from 'node:crypto';
import { getTemplate, type SqlQueryable } from '@trellis/store';
import type { Sender } from '@trellis/journey';
import type { SenderIdentity } from './render.js';
import type { LeadSnapshot } from './send-payload.js';
import { FALLBACK_FROM_ADDRESS } from './deliver-send.js';
import { createSmtpMailer } from './smtp.js';
import { previewTemplate, type TemplateProblem } from './template-library.js';

/**
 * A test of an email template: rendered for one lead exactly as the preview renders it (so its
 * unsubscribe link goes nowhere), sent through the configured SMTP server to the address the
 * marketer gives, marked as a test in its subject and a header. It is no send: nothing is
 * written, so it is never counted in a journey's results or a lead's timeline.
 */

export const TEST_SEND_HEADER = 'X-Trellis-Test';
export const TEST_SUBJECT_PREFIX = '[Test] ';

export type TestSendResult =
  | { ok: true; to: string; from: string; subject: string }
  | { ok: false; reason: 'not_found' | 'not_email' | 'template_render' | 'smtp_failed'; message: string; problems?: TemplateProblem[] };

export async function sendTestEmail(
  db: SqlQueryable,
  id: string,
  options: { lead: LeadSnapshot; to: string; sender?: Sender | null; defaultSender: SenderIdentity; smtpUrl: string; timeoutMs?: number },
): Promise<TestSendResult> {
  const template = await getTemplate(db, id);
  if (!template) return { ok: false, reason: 'not_found', message: `no template with id "${id}"` };
  if (template.channel !== 'email') {
    return { ok: false, reason: 'not_email', message: `template "${id}" is for ${template.channel}: only email templates can be sent as a test` };
  }
  const previewed = await previewTemplate(db, id, options);
  if (!previewed.ok) {
    const notFound = previewed.problems.some((p) => p.code === 'not_found');
    return { ok: false, reason: notFound ? 'not_found' : 'template_render', message: previewed.problems.map((p) => p.message).join('; '), problems: previewed.problems };
  }
  const { preview } = previewed;
  // An email template's preview always names its sender (only webhooks have none).
  const signer = preview.sender!;
  const from = { name: signer.name, address: signer.email ?? FALLBACK_FROM_ADDRESS };
  const subject = TEST_SUBJECT_PREFIX + (preview.subject ?? '');
  const mailer = createSmtpMailer(options.smtpUrl, { timeoutMs: options.timeoutMs ?? 10_000, maxConnections: 1 });
  try {
    const sent = await mailer.send({
      from,
      to: options.to,
      subject,
      text: preview.text,
      html: preview.html,
      headers: { [TEST_SEND_HEADER]: '1' },
      idempotencyKey: `test-${randomUUID()}`,
    });
    if (!sent.ok) return { ok: false, reason: 'smtp_failed', message: sent.error };
  } finally {
    mailer.close();
  }
  return { ok: true, to: options.to, from: `${from.name} <${from.address}>`, subject };
}

