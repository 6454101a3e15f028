import { z } from 'zod';
import { CONSENT_CHANNELS, CONSENT_VALUES } from './lead.js';

/**
 * The journey document, version 1, exactly as ../shared/spec/journey-format.md fixes it.
 * Durations, times of day and zones are plain strings here: the validator reports an
 * unparseable one with its own code (`bad_duration`, `bad_time`, `bad_timezone`) rather than
 * as a `schema` problem, so the editor can say precisely what is wrong.
 */

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const idSchema = z
  .string()
  .regex(ID_PATTERN, 'must be 1–64 characters from A–Z, a–z, 0–9, _ and -');

export const durationString = z.string().min(1, 'must be an ISO 8601 duration such as PT5M or P3D');
export const timeOfDayString = z.string().min(1, 'must be a time of day as HH:MM');
export const timezoneString = z.string().min(1, 'must be an IANA time zone such as Europe/London');

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const weekdaySchema = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof weekdaySchema>;

export const OPERATORS = [
  'eq',
  'neq',
  'in',
  'nin',
  'gt',
  'gte',
  'lt',
  'lte',
  'contains',
  'startsWith',
  'exists',
] as const;
export const operatorSchema = z.enum(OPERATORS);
export type Operator = z.infer<typeof operatorSchema>;

/** `{ "op": "contains", "value": "/pricing" }`: one test on a value. */
export const valueTestSchema = z.strictObject({
  op: operatorSchema,
  value: z.unknown().optional(),
});
export type ValueTest = z.infer<typeof valueTestSchema>;

/** Tests on an event's `props`, keyed by prop name (dotted paths allowed). */
export const whereSchema = z.record(z.string().min(1), valueTestSchema);
export type Where = z.infer<typeof whereSchema>;

export const COUNT_OPERATORS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const;
export const countTestSchema = z.strictObject({
  op: z.enum(COUNT_OPERATORS),
  value: z.number().int().min(0),
});
export type CountTest = z.infer<typeof countTestSchema>;

export interface AttributeTest {
  attr: string;
  op: Operator;
  value?: unknown;
}
export interface EngagementTest {
  event: string;
  where?: Where;
  within?: string;
  count?: CountTest;
}
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | AttributeTest
  | EngagementTest;

export const attributeTestSchema = z.strictObject({
  attr: z.string().min(1),
  op: operatorSchema,
  value: z.unknown().optional(),
});

export const engagementTestSchema = z.strictObject({
  event: z.string().min(1),
  where: whereSchema.optional(),
  within: durationString.optional(),
  count: countTestSchema.optional(),
});

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(conditionSchema) }),
    z.strictObject({ any: z.array(conditionSchema) }),
    z.strictObject({ not: conditionSchema }),
    attributeTestSchema,
    engagementTestSchema,
  ]),
);

export const positionSchema = z.strictObject({ x: z.number(), y: z.number() });

const label = z.string().max(200).optional();

/** A saved segment named by a segment trigger (saved-segments.ts): resolved to its condition before compiling. */
export const savedSegmentRefSchema = z.strictObject({ saved: z.string().min(1).max(200) });
export type SavedSegmentRef = z.infer<typeof savedSegmentRefSchema>;

export const triggerDataSchema = z.strictObject({
  label,
  on: z.union([
    z.strictObject({ event: z.string().min(1), where: whereSchema.optional() }),
    z.strictObject({ condition: conditionSchema }),
    z.strictObject({ segment: z.union([conditionSchema, savedSegmentRefSchema]) }),
  ]),
});

export const waitDataSchema = z.union([
  z.strictObject({ label, for: durationString }),
  z.strictObject({
    label,
    until: z.strictObject({ time: timeOfDayString, days: z.array(weekdaySchema).min(1).optional() }),
  }),
  z.strictObject({
    label,
    until: z.strictObject({
      event: z.string().min(1),
      where: whereSchema.optional(),
      timeout: durationString,
    }),
  }),
]);

export const branchDataSchema = z.strictObject({
  label,
  cases: z.array(z.strictObject({ handle: idSchema, when: conditionSchema })).min(1),
});

/**
 * An A/B experiment on a split (the spec's "Additions"): after `decideAfter` from publication,
 * the variant whose conversion (the metric within `window` of entering the split) beats every
 * other at p < 0.05 takes every new lead.
 */
export const experimentSchema = z.strictObject({
  metric: z.union([z.literal('goal'), z.strictObject({ event: z.string().min(1), where: whereSchema.optional() })]),
  window: durationString,
  decideAfter: durationString,
});
export type Experiment = z.infer<typeof experimentSchema>;

export const splitDataSchema = z.strictObject({
  label,
  variants: z.array(z.strictObject({ handle: idSchema, weight: z.number() })).min(1),
  experiment: experimentSchema.optional(),
});

export const CHANNELS = ['email', 'sms', 'call_task', 'voicemail_task', 'direct_mail', 'webhook'] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;

export const senderSchema = z.union([
  z.literal('owner'),
  z.strictObject({
    name: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
  }),
]);
export type Sender = z.infer<typeof senderSchema>;

export const sendDataSchema = z.strictObject({
  label,
  channel: channelSchema,
  // A new send step starts with no template (the editor offers only stored ones): say what to do.
  template: z.string().min(1, 'is not chosen; pick a stored template of this channel, or create one'),
  sender: senderSchema.optional(),
});

/** Channels whose sends are work for sales, not messages: a cadence touch on one may say when it is due. */
export const TASK_CHANNELS: readonly Channel[] = ['call_task', 'voicemail_task'];

/** The most touches one cadence holds: the seed's response cadence has about 26. */
export const MAX_CADENCE_TOUCHES = 100;

/**
 * One touch of a cadence (the spec's "Additions"): `at` from when the lead entered the cadence;
 * `due` (a call or voicemail task only) how long after it is made the task falls due.
 */
export const cadenceTouchSchema = z
  .strictObject({
    at: durationString,
    channel: channelSchema,
    template: z.string().min(1, 'is not chosen; pick a stored template of this channel, or create one'),
    due: durationString.optional(),
    sender: senderSchema.optional(),
  })
  .superRefine((touch, ctx) => {
    if (touch.due !== undefined && !TASK_CHANNELS.includes(touch.channel)) {
      ctx.addIssue({ code: 'custom', path: ['due'], message: 'only a call or voicemail task has a due time; remove it from this touch' });
    }
  });
export type CadenceTouch = z.infer<typeof cadenceTouchSchema>;

export const cadenceDataSchema = z.strictObject({
  label,
  touches: z
    .array(cadenceTouchSchema)
    .min(1, 'a cadence needs at least one touch')
    .max(MAX_CADENCE_TOUCHES, `a cadence holds at most ${MAX_CADENCE_TOUCHES} touches`),
  stopOn: z.strictObject({ event: z.string().min(1, 'name the event that stops the cadence, e.g. call_connected'), where: whereSchema.optional() }),
});

/** Lead fields an `update` node may set; anything under `attributes.` is free. */
export const SETTABLE_FIELDS = ['stage', 'owner', 'email', 'phone', 'timezone'] as const;
/** `consent.<channel>` in an update's `set` records consent (the spec's additions: an opt-in after a "yes" click). */
export const CONSENT_PREFIX = 'consent.';

export const updateDataSchema = z
  .strictObject({
    label,
    score: z
      .union([z.strictObject({ add: z.number() }), z.strictObject({ set: z.number() })])
      .optional(),
    set: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((data, ctx) => {
    if (data.score === undefined && (data.set === undefined || Object.keys(data.set).length === 0)) {
      ctx.addIssue({ code: 'custom', message: 'an update must change the score or set at least one field' });
    }
    for (const [key, value] of Object.entries(data.set ?? {})) {
      if (key.startsWith(CONSENT_PREFIX)) {
        const channel = key.slice(CONSENT_PREFIX.length);
        if (!(CONSENT_CHANNELS as readonly string[]).includes(channel)) {
          ctx.addIssue({
            code: 'custom',
            path: ['set', key],
            message: `cannot set "${key}": consent is kept for ${CONSENT_CHANNELS.join(', ')}`,
          });
        } else if (!(CONSENT_VALUES as readonly unknown[]).includes(value)) {
          ctx.addIssue({
            code: 'custom',
            path: ['set', key],
            message: `"${key}" must be one of ${CONSENT_VALUES.join(', ')}`,
          });
        }
        continue;
      }
      const settable =
        (SETTABLE_FIELDS as readonly string[]).includes(key) ||
        /^attributes\.[^.]+(\.[^.]+)*$/.test(key);
      if (!settable) {
        ctx.addIssue({
          code: 'custom',
          path: ['set', key],
          message: `cannot set "${key}": use one of ${SETTABLE_FIELDS.join(', ')}, consent.<channel> or attributes.<name> (the score has its own "score" field)`,
        });
      }
    }
  });

export const handoffDataSchema = z.strictObject({
  label,
  queue: z.string().min(1),
  assign: z.enum(['round_robin', 'owner']),
  sla: durationString,
});

export const exitDataSchema = z.strictObject({
  label,
  outcome: z.string().min(1),
});

const nodeBase = { id: idSchema, position: positionSchema };

export const triggerNodeSchema = z.strictObject({ ...nodeBase, type: z.literal('trigger'), data: triggerDataSchema });
export const waitNodeSchema = z.strictObject({ ...nodeBase, type: z.literal('wait'), data: waitDataSchema });
export const branchNodeSchema = z.strictObject({ ...nodeBase, type: z.literal('branch'), data: branchDataSchema });
export const splitNodeSchema = z.strictObject({ ...nodeBase, type: z.literal('split'), data: splitDataSchema });
export const sendNodeSchema = z.strictObject({ ...nodeBase, type: z.literal('send'), data: sendDataSchema });
export const updateNodeSchema = z.strictObject({ ...nodeBase, type: z.literal('update'), data: updateDataSchema });
export const handoffNodeSchema = z.strictObject({ ...nodeBase, type: z.literal('handoff'), data: handoffDataSchema });
export const exitNodeSchema = z.strictObject({ ...nodeBase, type: z.literal('exit'), data: exitDataSchema });
export const cadenceNodeSchema = z.strictObject({ ...nodeBase, type: z.literal('cadence'), data: cadenceDataSchema });

export const nodeSchema = z.discriminatedUnion('type', [
  triggerNodeSchema,
  waitNodeSchema,
  branchNodeSchema,
  splitNodeSchema,
  sendNodeSchema,
  updateNodeSchema,
  handoffNodeSchema,
  exitNodeSchema,
  cadenceNodeSchema,
]);

export const NODE_TYPES = ['trigger', 'wait', 'branch', 'split', 'send', 'update', 'handoff', 'exit', 'cadence'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export const edgeSchema = z.strictObject({
  id: idSchema,
  source: idSchema,
  target: idSchema,
  sourceHandle: z.string().min(1).optional(),
});

export const reentrySchema = z.union([
  z.strictObject({ mode: z.literal('never') }),
  z.strictObject({ mode: z.literal('always') }),
  z.strictObject({ mode: z.literal('after'), after: durationString }),
]);

export const quietHoursSchema = z.strictObject({ from: timeOfDayString, to: timeOfDayString });
export const sendWindowSchema = z.strictObject({
  days: z.array(weekdaySchema).min(1),
  from: timeOfDayString,
  to: timeOfDayString,
});
export const frequencyCapSchema = z.strictObject({
  channel: channelSchema,
  max: z.number().int().min(0),
  per: durationString,
});

/** A share of entering leads held out of the journey, to measure what it adds (the spec's "Additions"). */
export const holdoutSchema = z.strictObject({
  percent: z.number().min(0).max(99, 'must be at most 99: a journey holding every lead out runs for nobody'),
  window: durationString.optional(),
});
export type Holdout = z.infer<typeof holdoutSchema>;

export const settingsSchema = z.strictObject({
  timezone: timezoneString.optional(),
  reentry: reentrySchema.optional(),
  goal: conditionSchema.optional(),
  exitWhen: conditionSchema.optional(),
  quietHours: quietHoursSchema.optional(),
  sendWindow: sendWindowSchema.optional(),
  frequencyCap: z.array(frequencyCapSchema).optional(),
  holdout: holdoutSchema.optional(),
  /** Which journey goes first when one event enters a lead into several, or a cap allows one of several sends due together (priority.ts). */
  priority: z.number().optional(),
});

export const journeySchema = z.strictObject({
  schemaVersion: z.literal(1),
  name: z.string().min(1).max(200),
  settings: settingsSchema.default({}),
  nodes: z.array(nodeSchema),
  edges: z.array(edgeSchema),
});

export type Journey = z.infer<typeof journeySchema>;
export type JourneyInput = z.input<typeof journeySchema>;
export type JourneySettings = z.infer<typeof settingsSchema>;
export type JourneyNode = z.infer<typeof nodeSchema>;
export type JourneyEdge = z.infer<typeof edgeSchema>;
export type TriggerNode = z.infer<typeof triggerNodeSchema>;
export type WaitNode = z.infer<typeof waitNodeSchema>;
export type BranchNode = z.infer<typeof branchNodeSchema>;
export type SplitNode = z.infer<typeof splitNodeSchema>;
export type SendNode = z.infer<typeof sendNodeSchema>;
export type UpdateNode = z.infer<typeof updateNodeSchema>;
export type HandoffNode = z.infer<typeof handoffNodeSchema>;
export type ExitNode = z.infer<typeof exitNodeSchema>;
export type CadenceNode = z.infer<typeof cadenceNodeSchema>;
export type Reentry = z.infer<typeof reentrySchema>;
export type QuietHours = z.infer<typeof quietHoursSchema>;
export type SendWindow = z.infer<typeof sendWindowSchema>;
export type FrequencyCap = z.infer<typeof frequencyCapSchema>;
