import { describe, expect, it } from 'vitest';
import { validateJourney } from './validate.js';

const at = { x: 0, y: 0 };

/** Trigger → one send step → exit, the send as given. */
function journeyWithSend(data: Record<string, unknown>) {
  return {
    schemaVersion: 1,
    name: 'Welcome',
    settings: {},
    nodes: [
      { id: 'start', type: 'trigger', position: at, data: { on: { event: 'form_submitted' } } },
      { id: 'welcome', type: 'send', position: at, data },
      { id: 'done', type: 'exit', position: at, data: { outcome: 'completed' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'welcome' },
      { id: 'e2', source: 'welcome', target: 'done' },
    ],
  };
}

const stored = new Map([
  ['welcome-email', 'email'],
  ['reminder-sms', 'sms'],
  ['crm-hook', 'webhook'],
  ['first-call', 'call_task'],
]);

describe('validateJourney: templates a send names', () => {
  it('reports a send naming a template that is not stored, on the node at its template field', () => {
    const doc = journeyWithSend({ label: 'Welcome email', channel: 'email', template: 'welcome-1' });
    expect(validateJourney(doc, { templates: stored })).toEqual([
      {
        severity: 'error',
        code: 'unknown_template',
        message: 'Send "Welcome email" names template "welcome-1", which does not exist; pick a stored email template or create it',
        nodeId: 'welcome',
        path: ['nodes', 1, 'data', 'template'],
      },
    ]);
  });

  it('reports a send naming a stored template of another channel', () => {
    const doc = journeyWithSend({ label: 'Welcome email', channel: 'email', template: 'reminder-sms' });
    expect(validateJourney(doc, { templates: stored })).toEqual([
      {
        severity: 'error',
        code: 'unknown_template',
        message: 'Send "Welcome email" names template "reminder-sms", which is an SMS template, not an email one; pick a stored email template',
        nodeId: 'welcome',
        path: ['nodes', 1, 'data', 'template'],
      },
    ]);
  });

  it('accepts a send naming a stored template of its own channel, tasks and webhooks alike', () => {
    for (const [channel, template] of [
      ['email', 'welcome-email'],
      ['sms', 'reminder-sms'],
      ['webhook', 'crm-hook'],
      ['call_task', 'first-call'],
    ]) {
      expect(validateJourney(journeyWithSend({ channel, template }), { templates: stored })).toEqual([]);
    }
  });

  it('holds a webhook step to webhook templates (their body is the URL), and a task step to task templates', () => {
    const webhook = validateJourney(journeyWithSend({ channel: 'webhook', template: 'welcome-email' }), { templates: stored });
    expect(webhook.map((p) => p.message)).toEqual([
      'Send node "welcome" names template "welcome-email", which is an email template, not a webhook one; pick a stored webhook template',
    ]);
    const task = validateJourney(journeyWithSend({ label: 'Call', channel: 'voicemail_task', template: 'first-call' }), { templates: stored });
    expect(task.map((p) => p.message)).toEqual([
      'Send "Call" names template "first-call", which is a call task template, not a voicemail task one; pick a stored voicemail task template',
    ]);
  });

  it('treats an empty list of stored templates as "none exist": every named template is unknown', () => {
    const problems = validateJourney(journeyWithSend({ channel: 'sms', template: 'reminder-sms' }), { templates: new Map() });
    expect(problems.map((p) => [p.code, p.message])).toEqual([
      ['unknown_template', 'Send node "welcome" names template "reminder-sms", which does not exist; pick a stored SMS template or create it'],
    ]);
  });

  it('skips the check when it is not given the stored templates (the journey package cannot read them)', () => {
    expect(validateJourney(journeyWithSend({ channel: 'email', template: 'welcome-1' }))).toEqual([]);
  });

  it('says a send with no template chosen must get one, once, as a schema problem on its template field', () => {
    const problems = validateJourney(journeyWithSend({ label: 'Send email', channel: 'email', template: '' }), { templates: stored });
    expect(problems).toEqual([
      {
        severity: 'error',
        code: 'schema',
        message: 'Send "Send email": template is not chosen; pick a stored template of this channel, or create one',
        nodeId: 'welcome',
        path: ['nodes', 1, 'data', 'template'],
      },
    ]);
  });

  it('does not read a template id such as "constructor" as stored from the prototype', () => {
    const problems = validateJourney(journeyWithSend({ channel: 'email', template: 'constructor' }), { templates: stored });
    expect(problems.map((p) => p.code)).toEqual(['unknown_template']);
  });
});
