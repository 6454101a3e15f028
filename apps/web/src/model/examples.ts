import type { Journey } from '@trellis/journey';

/**
 * Starting points for "New from example": complete journeys that validate with no errors once
 * the templates their sends name are stored (until then Problems asks for them: pick stored ones).
 */
export const EXAMPLES: Array<{ key: string; title: string; description: string; journey: Journey }> = [
  {
    key: 'demo-request',
    title: 'Inbound demo request',
    description: 'Welcome email, wait, then hot leads go to sales with a 48 h SLA; the rest get nurtured.',
    journey: {
      schemaVersion: 1,
      name: 'Inbound demo request',
      settings: { timezone: 'America/New_York', quietHours: { from: '20:00', to: '08:00' } },
      nodes: [
        { id: 'trigger', type: 'trigger', position: { x: 0, y: 120 }, data: { label: 'Demo form', on: { event: 'form_submitted', where: { form: { op: 'eq', value: 'demo' } } } } },
        { id: 'welcome', type: 'send', position: { x: 320, y: 120 }, data: { label: 'Welcome', channel: 'email', template: 'welcome-1' } },
        { id: 'wait1', type: 'wait', position: { x: 640, y: 120 }, data: { label: 'Give it a day', for: 'P1D' } },
        {
          id: 'hot',
          type: 'branch',
          position: { x: 960, y: 100 },
          data: { label: 'Is it hot?', cases: [{ handle: 'hot', when: { attr: 'score', op: 'gte', value: 50 } }] },
        },
        { id: 'handoff', type: 'handoff', position: { x: 1280, y: 0 }, data: { label: 'Inside sales', queue: 'inside-sales', assign: 'round_robin', sla: 'PT48H' } },
        { id: 'won', type: 'exit', position: { x: 1600, y: -60 }, data: { label: 'Converted', outcome: 'converted' } },
        { id: 'lost', type: 'exit', position: { x: 1600, y: 120 }, data: { label: 'Disqualified', outcome: 'disqualified' } },
        { id: 'nurture', type: 'send', position: { x: 1280, y: 300 }, data: { label: 'Case study', channel: 'email', template: 'case-study' } },
        { id: 'done', type: 'exit', position: { x: 1600, y: 300 }, data: { label: 'Nurtured', outcome: 'completed' } },
      ],
      edges: [
        { id: 'e1', source: 'trigger', target: 'welcome' },
        { id: 'e2', source: 'welcome', target: 'wait1' },
        { id: 'e3', source: 'wait1', target: 'hot' },
        { id: 'e4', source: 'hot', sourceHandle: 'hot', target: 'handoff' },
        { id: 'e5', source: 'hot', sourceHandle: 'else', target: 'nurture' },
        { id: 'e6', source: 'handoff', sourceHandle: 'accepted', target: 'won' },
        { id: 'e7', source: 'handoff', sourceHandle: 'recycled', target: 'nurture' },
        { id: 'e8', source: 'handoff', sourceHandle: 'disqualified', target: 'lost' },
        { id: 'e9', source: 'handoff', sourceHandle: 'sla_expired', target: 'nurture' },
        { id: 'e10', source: 'nurture', target: 'done' },
      ],
    },
  },
  {
    key: 'webinar',
    title: 'Webinar follow-up',
    description: 'A/B test two reminders, wait for a click with a timeout, score engaged leads.',
    journey: {
      schemaVersion: 1,
      name: 'Webinar follow-up',
      settings: { sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }, frequencyCap: [{ channel: 'email', max: 3, per: 'P7D' }] },
      nodes: [
        { id: 'trigger', type: 'trigger', position: { x: 0, y: 100 }, data: { label: 'Registered', on: { event: 'webinar_registered' } } },
        { id: 'split', type: 'split', position: { x: 320, y: 80 }, data: { label: 'Reminder test', variants: [{ handle: 'A', weight: 50 }, { handle: 'B', weight: 50 }] } },
        { id: 'remA', type: 'send', position: { x: 640, y: 0 }, data: { label: 'Reminder A', channel: 'email', template: 'webinar-reminder-a' } },
        { id: 'remB', type: 'send', position: { x: 640, y: 200 }, data: { label: 'Reminder B', channel: 'sms', template: 'webinar-reminder-b' } },
        { id: 'click', type: 'wait', position: { x: 960, y: 100 }, data: { label: 'Clicked?', until: { event: 'email_clicked', timeout: 'P3D' } } },
        { id: 'score', type: 'update', position: { x: 1280, y: 0 }, data: { label: 'Engaged', score: { add: 15 }, set: { stage: 'mql' } } },
        { id: 'end', type: 'exit', position: { x: 1600, y: 100 }, data: { label: 'Done', outcome: 'completed' } },
      ],
      edges: [
        { id: 'e1', source: 'trigger', target: 'split' },
        { id: 'e2', source: 'split', sourceHandle: 'A', target: 'remA' },
        { id: 'e3', source: 'split', sourceHandle: 'B', target: 'remB' },
        { id: 'e4', source: 'remA', target: 'click' },
        { id: 'e5', source: 'remB', target: 'click' },
        { id: 'e6', source: 'click', sourceHandle: 'event', target: 'score' },
        { id: 'e7', source: 'click', sourceHandle: 'timeout', target: 'end' },
        { id: 'e8', source: 'score', target: 'end' },
      ],
    },
  },
];

export function blankJourney(): Journey {
  return {
    schemaVersion: 1,
    name: 'Untitled journey',
    settings: {},
    nodes: [{ id: 'trigger', type: 'trigger', position: { x: 0, y: 0 }, data: { label: 'Form submitted', on: { event: 'form_submitted' } } }],
    edges: [],
  };
}
