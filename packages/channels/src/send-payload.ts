import { z } from 'zod';
import { senderSchema } from '@trellis/journey';

/**
 * What the engine writes into `sends.payload` at decision time: everything delivery needs to
 * render and address the send, as the lead was when the journey decided to send. Delivery
 * reads this snapshot rather than the lead's current row, so a send says what the journey
 * meant at that moment.
 */

export const leadSnapshotSchema = z.object({
  id: z.string(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  timezone: z.string().nullish(),
  owner: z.string().nullish(),
  score: z.number().nullish(),
  stage: z.string().nullish(),
  attributes: z.record(z.string(), z.unknown()).default({}),
});
export type LeadSnapshot = z.infer<typeof leadSnapshotSchema>;

export const journeySnapshotSchema = z.object({
  id: z.string(),
  name: z.string().nullish(),
  version: z.number().nullish(),
});
export type JourneySnapshot = z.infer<typeof journeySnapshotSchema>;

export const sendPayloadSchema = z.object({
  lead: leadSnapshotSchema,
  journey: journeySnapshotSchema,
  nodeId: z.string(),
  sender: senderSchema.nullish(),
  /** A call or voicemail task with a due time (a cadence touch's `due`): when the task falls due, ISO 8601. */
  dueAt: z.iso.datetime({ offset: true }).nullish(),
});
export type SendPayload = z.infer<typeof sendPayloadSchema>;

/** The payload, or a one-line reason naming what is wrong with it. */
export function readSendPayload(value: unknown): { payload: SendPayload } | { error: string } {
  const parsed = sendPayloadSchema.safeParse(value);
  if (parsed.success) return { payload: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { error: `the send's payload is malformed at ${issue.path.join('.') || '(root)'}: ${issue.message}` };
}
