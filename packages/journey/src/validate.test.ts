import { describe, expect, it } from 'vitest';
import { hasErrors, validateJourney, type Problem } from './validate.js';

const at = { x: 0, y: 0 };

/** A journey a marketer might draw, with every node type and every setting; valid as is. */
function demoJourney() {
  return {
    schemaVersion: 1,
    name: 'Inbound demo request',
    settings: {
      timezone: 'Europe/London',
      reentry: { mode: 'after', after: 'P30D' },
      goal: { attr: 'stage', op: 'eq', value: 'customer' },
      exitWhen: { any: [{ event: 'unsubscribed' }, { not: { event: 'email_opened', within: 'P60D' } }] },
      quietHours: { from: '20:00', to: '08:00' },
      sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' },
      frequencyCap: [{ channel: 'email', max: 3, per: 'P7D' }],
    },
    nodes: [
      { id: 'start', type: 'trigger', position: at, data: { label: 'Demo form', on: { event: 'form_submitted' } } },
      { id: 'welcome', type: 'send', position: at, data: { label: 'Welcome email', channel: 'email', template: 'welcome-1' } },
      { id: 'pause', type: 'wait', position: at, data: { label: 'Wait 3 days', for: 'P3D' } },
      {
        id: 'hot',
        type: 'branch',
        position: at,
        data: {
          label: 'Hot lead?',
          cases: [{ handle: 'hot', when: { event: 'email_clicked', within: 'P14D', count: { op: 'gte', value: 2 } } }],
        },
      },
      { id: 'sales', type: 'handoff', position: at, data: { label: 'Call them', queue: 'inside-sales', assign: 'round_robin', sla: 'PT48H' } },
      { id: 'won', type: 'exit', position: at, data: { outcome: 'converted' } },
      { id: 'later', type: 'wait', position: at, data: { until: { time: '09:00', days: ['mon'] } } },
      { id: 'lost', type: 'exit', position: at, data: { outcome: 'disqualified' } },
      { id: 'cool', type: 'update', position: at, data: { score: { add: -5 } } },
      { id: 'ab', type: 'split', position: at, data: { label: 'Subject test', variants: [{ handle: 'A', weight: 50 }, { handle: 'B', weight: 50 }] } },
      { id: 'mailA', type: 'send', position: at, data: { channel: 'email', template: 'nurture-a' } },
      { id: 'mailB', type: 'send', position: at, data: { channel: 'email', template: 'nurture-b', sender: 'owner' } },
      { id: 'reply', type: 'wait', position: at, data: { until: { event: 'email_replied', timeout: 'P5D' } } },
      { id: 'done', type: 'exit', position: at, data: { outcome: 'completed' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'welcome' },
      { id: 'e2', source: 'welcome', target: 'pause', sourceHandle: 'out' },
      { id: 'e3', source: 'pause', target: 'hot' },
      { id: 'e4', source: 'hot', target: 'sales', sourceHandle: 'hot' },
      { id: 'e5', source: 'hot', target: 'ab', sourceHandle: 'else' },
      { id: 'e6', source: 'sales', target: 'won', sourceHandle: 'accepted' },
      { id: 'e7', source: 'sales', target: 'later', sourceHandle: 'recycled' },
      { id: 'e8', source: 'sales', target: 'lost', sourceHandle: 'disqualified' },
      { id: 'e9', source: 'sales', target: 'cool', sourceHandle: 'sla_expired' },
      { id: 'e10', source: 'later', target: 'welcome' },
      { id: 'e11', source: 'cool', target: 'lost' },
      { id: 'e12', source: 'ab', target: 'mailA', sourceHandle: 'A' },
      { id: 'e13', source: 'ab', target: 'mailB', sourceHandle: 'B' },
      { id: 'e14', source: 'mailA', target: 'reply' },
      { id: 'e15', source: 'mailB', target: 'reply' },
      { id: 'e16', source: 'reply', target: 'hot', sourceHandle: 'event' },
      { id: 'e17', source: 'reply', target: 'done', sourceHandle: 'timeout' },
    ],
  };
}
type Doc = ReturnType<typeof demoJourney>;
/** A node as a test edits it: any data at all. */
interface AnyNode {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

function edited(change: (doc: Doc) => void): Doc {
  const doc = demoJourney();
  change(doc);
  return doc;
}
function node(doc: Doc, id: string): AnyNode {
  return doc.nodes.find((n) => n.id === id) as unknown as AnyNode;
}
function coded(problems: Problem[], code: Problem['code']): Problem[] {
  return problems.filter((p) => p.code === code);
}

/**
 * A valid journey of about `size` nodes: blocks of send → wait → branch → update, with the
 * branch's two paths joining again and every fifth block looping back through its wait.
 */
function largeJourney(size: number) {
  const nodes: unknown[] = [{ id: 'n0', type: 'trigger', position: at, data: { on: { event: 'signup' } } }];
  const edges: unknown[] = [];
  let previous = 'n0';
  let edgeCount = 0;
  const link = (source: string, target: string, sourceHandle?: string) =>
    edges.push({ id: `e${edgeCount++}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) });
  for (let block = 0; nodes.length < size - 1; block++) {
    const [send, wait, branch, update] = ['send', 'wait', 'branch', 'update'].map((t) => `${t}${block}`) as [string, string, string, string];
    nodes.push(
      { id: send, type: 'send', position: at, data: { channel: 'email', template: `t${block}` } },
      { id: wait, type: 'wait', position: at, data: { for: 'P1D' } },
      {
        id: branch,
        type: 'branch',
        position: at,
        data: { cases: [{ handle: 'keen', when: { event: 'email_clicked', within: 'P7D' } }, { handle: 'back', when: { attr: 'score', op: 'lt', value: 0 } }] },
      },
      { id: update, type: 'update', position: at, data: { score: { add: 1 } } },
    );
    link(previous, send);
    link(send, wait);
    link(wait, branch);
    link(branch, update, 'keen');
    link(branch, update, 'else');
    link(branch, block % 5 === 0 ? wait : update, 'back');
    previous = update;
  }
  nodes.push({ id: 'end', type: 'exit', position: at, data: { outcome: 'completed' } });
  link(previous, 'end');
  return { schemaVersion: 1, name: 'Large', nodes, edges };
}

describe('validateJourney', () => {
  it('finds nothing wrong with a complete journey', () => {
    expect(validateJourney(demoJourney())).toEqual([]);
    expect(hasErrors([])).toBe(false);
  });

  it('finds nothing wrong with a generated journey of 500 nodes', () => {
    const big = largeJourney(500);
    expect(big.nodes.length).toBeGreaterThanOrEqual(500);
    expect(validateJourney(big)).toEqual([]);
  });

  it('reports a value of the wrong shape as a schema problem on its node, in words', () => {
    const doc = edited((d) => {
      node(d, 'welcome').data.channel = 'fax';
    });
    expect(validateJourney(doc)).toEqual([
      {
        severity: 'error',
        code: 'schema',
        message:
          'Send "Welcome email": channel must be one of "email", "sms", "call_task", "voicemail_task", "direct_mail", "webhook", not "fax"',
        nodeId: 'welcome',
        path: ['nodes', 1, 'data', 'channel'],
      },
    ]);
  });

  it('explains a shape that is none of a union\'s options by what it needs', () => {
    const doc = edited((d) => {
      (d.settings as Record<string, unknown>).goal = { stage: 'customer' };
      node(d, 'pause').data = { label: 'Wait 3 days' };
      (d.settings as Record<string, unknown>).reentry = { mode: 'sometimes' };
      node(d, 'mailA').data.sender = 'me';
      (d.nodes[13] as Record<string, unknown>).type = 'finish';
    });
    expect(coded(validateJourney(doc), 'schema')).toEqual([
      {
        severity: 'error',
        code: 'schema',
        message: 'Settings: reentry mode must be one of "never", "always", "after", not "sometimes"',
        path: ['settings', 'reentry'],
      },
      {
        severity: 'error',
        code: 'schema',
        message: 'Settings: goal needs one of "all", "any", "not", "event"; unknown field "stage"',
        path: ['settings', 'goal'],
      },
      {
        severity: 'error',
        code: 'schema',
        message: 'Wait "Wait 3 days": needs one of "for", "until"',
        nodeId: 'pause',
        path: ['nodes', 2, 'data'],
      },
      {
        severity: 'error',
        code: 'schema',
        message: 'Send node "mailA": sender must be "owner" or an object, not text',
        nodeId: 'mailA',
        path: ['nodes', 10, 'data', 'sender'],
      },
      {
        severity: 'error',
        code: 'schema',
        message: 'Node "done": type must be one of trigger, wait, branch, split, send, update, handoff, exit, cadence, not "finish"',
        nodeId: 'done',
        path: ['nodes', 13, 'type'],
      },
    ]);
  });

  it('passes on the schema\'s own message for a rule it states in words', () => {
    const doc = edited((d) => {
      node(d, 'cool').data = { set: { scor: 10 } };
    });
    expect(validateJourney(doc)).toEqual([
      {
        severity: 'error',
        code: 'schema',
        message:
          'Update node "cool": cannot set "scor": use one of stage, owner, email, phone, timezone, consent.<channel> or attributes.<name> (the score has its own "score" field)',
        nodeId: 'cool',
        path: ['nodes', 8, 'data', 'set', 'scor'],
      },
    ]);
  });

  it('accepts consent.<channel> in an update and names a channel without consent or a value that is not a consent', () => {
    expect(validateJourney(edited((d) => {
      node(d, 'cool').data = { set: { 'consent.email': 'opted_in', 'consent.sms': 'unknown' } };
    }))).toEqual([]);
    const doc = edited((d) => {
      node(d, 'cool').data = { set: { 'consent.webhook': 'opted_in', 'consent.email': 'yes' } };
    });
    expect(validateJourney(doc)).toEqual([
      {
        severity: 'error',
        code: 'schema',
        message: 'Update node "cool": cannot set "consent.webhook": consent is kept for email, sms, call_task, voicemail_task, direct_mail',
        nodeId: 'cool',
        path: ['nodes', 8, 'data', 'set', 'consent.webhook'],
      },
      {
        severity: 'error',
        code: 'schema',
        message: 'Update node "cool": "consent.email" must be one of opted_in, opted_out, unknown',
        nodeId: 'cool',
        path: ['nodes', 8, 'data', 'set', 'consent.email'],
      },
    ]);
  });

  it('reports an unknown top-level key and an edge of the wrong shape with its edgeId', () => {
    const doc = edited((d) => {
      (d as Record<string, unknown>).nodez = [];
      (d.edges[0] as Record<string, unknown>).label = 'go';
    });
    expect(validateJourney(doc)).toEqual([
      {
        severity: 'error',
        code: 'schema',
        message: 'The connection from Trigger "Demo form" to Send "Welcome email": has unknown field "label"',
        edgeId: 'e1',
        path: ['edges', 0],
      },
      { severity: 'error', code: 'schema', message: 'Journey: has unknown field "nodez"', path: [] },
    ]);
  });

  it('rejects branch cases named else or twice, and split variants named twice', () => {
    const doc = edited((d) => {
      const cases = node(d, 'hot').data.cases as { handle: string }[];
      cases.push({ ...cases[0]! }, { ...cases[0]!, handle: 'else' });
      (node(d, 'ab').data.variants as { handle: string }[])[1]!.handle = 'A';
    });
    expect(coded(validateJourney(doc), 'schema')).toEqual([
      {
        severity: 'error',
        code: 'schema',
        message: 'Branch "Hot lead?": two cases are called "hot"; give each case its own name',
        nodeId: 'hot',
        path: ['nodes', 3, 'data', 'cases', 1, 'handle'],
      },
      {
        severity: 'error',
        code: 'schema',
        message: 'Branch "Hot lead?": a case cannot be called "else"; that name is kept for leads no case matches',
        nodeId: 'hot',
        path: ['nodes', 3, 'data', 'cases', 2, 'handle'],
      },
      {
        severity: 'error',
        code: 'schema',
        message: 'Split "Subject test": two variants are called "A"; give each variant its own name',
        nodeId: 'ab',
        path: ['nodes', 9, 'data', 'variants', 1, 'handle'],
      },
    ]);
  });

  it('requires exactly one trigger', () => {
    const none = edited((d) => {
      d.nodes[0] = { id: 'start', type: 'send', position: at, data: { channel: 'sms', template: 'hi' } } as never;
    });
    expect(coded(validateJourney(none), 'trigger_count')).toEqual([
      {
        severity: 'error',
        code: 'trigger_count',
        message: 'The journey has no trigger; add one Trigger node so leads can enter it',
        path: ['nodes'],
      },
    ]);
    const two = edited((d) => {
      d.nodes.push({ id: 'again', type: 'trigger', position: at, data: { on: { segment: { attr: 'score', op: 'gte', value: 50 } } } } as never);
      d.edges.push({ id: 'e18', source: 'again', target: 'welcome' });
    });
    const message = 'a journey has exactly one trigger, and this one has 2 (Trigger "Demo form", Trigger node "again"); keep one';
    expect(validateJourney(two)).toEqual([
      { severity: 'error', code: 'trigger_count', message: `Trigger "Demo form": ${message}`, nodeId: 'start', path: ['nodes', 0] },
      { severity: 'error', code: 'trigger_count', message: `Trigger node "again": ${message}`, nodeId: 'again', path: ['nodes', 14] },
    ]);
  });

  it('reports a reused node or edge id on the later one', () => {
    const doc = edited((d) => {
      node(d, 'lost').id = 'won';
      d.edges[16]!.id = 'pause';
    });
    expect(coded(validateJourney(doc), 'duplicate_id')).toEqual([
      {
        severity: 'error',
        code: 'duplicate_id',
        message: 'Exit node "won": the id "won" is already used by Exit node "won"; ids must be unique',
        nodeId: 'won',
        path: ['nodes', 7, 'id'],
      },
      {
        severity: 'error',
        code: 'duplicate_id',
        message:
          'The connection from Wait node "reply" to Exit node "done": the id "pause" is already used by Wait "Wait 3 days"; ids must be unique',
        edgeId: 'pause',
        path: ['edges', 16, 'id'],
      },
    ]);
  });

  it('reports an edge to or from a node that does not exist', () => {
    const doc = edited((d) => {
      d.edges[16]!.target = 'nowhere';
    });
    expect(coded(validateJourney(doc), 'dangling_edge')).toEqual([
      {
        severity: 'error',
        code: 'dangling_edge',
        message: 'Connection "e17": it ends at "nowhere", which is not a node of this journey',
        edgeId: 'e17',
        path: ['edges', 16, 'target'],
      },
    ]);
  });

  it('reports an edge leaving from a handle its source does not have', () => {
    const doc = edited((d) => {
      d.edges[3]!.sourceHandle = 'warm';
      delete (d.edges[4] as { sourceHandle?: string }).sourceHandle;
      d.edges.push({ id: 'e18', source: 'done', target: 'welcome' });
    });
    expect(coded(validateJourney(doc), 'unknown_handle')).toEqual([
      {
        severity: 'error',
        code: 'unknown_handle',
        message: 'The connection from Branch "Hot lead?" to Handoff "Call them": Branch "Hot lead?" has no path called "warm"; its paths are hot, else',
        edgeId: 'e4',
        path: ['edges', 3, 'sourceHandle'],
      },
      {
        severity: 'error',
        code: 'unknown_handle',
        message: 'The connection from Branch "Hot lead?" to Split "Subject test": say which path of Branch "Hot lead?" it follows (hot, else)',
        edgeId: 'e5',
        path: ['edges', 4, 'sourceHandle'],
      },
      {
        severity: 'error',
        code: 'unknown_handle',
        message: 'The connection from Exit node "done" to Send "Welcome email": Exit node "done" ends the journey, so nothing can follow it',
        edgeId: 'e18',
        path: ['edges', 17],
      },
    ]);
  });

  it('warns, without an error, about a handle with no edge', () => {
    const doc = edited((d) => {
      d.edges.splice(16, 1); // reply --timeout--> done
      d.nodes.splice(13, 1); // done
    });
    const problems = validateJourney(doc);
    expect(problems).toEqual([
      {
        severity: 'warning',
        code: 'missing_handle',
        message: 'Wait node "reply": the "timeout" path is not connected; leads who take it finish the journey as completed',
        nodeId: 'reply',
        path: ['nodes', 12],
      },
    ]);
    expect(hasErrors(problems)).toBe(false);
  });

  it('reports a handle with two edges on the second edge', () => {
    const doc = edited((d) => {
      d.edges.push({ id: 'e18', source: 'sales', target: 'lost', sourceHandle: 'accepted' });
    });
    expect(coded(validateJourney(doc), 'handle_reused')).toEqual([
      {
        severity: 'error',
        code: 'handle_reused',
        message:
          'The connection from Handoff "Call them" to Exit node "lost": the "accepted" path of Handoff "Call them" is already connected; a path leads to one step only',
        edgeId: 'e18',
        nodeId: 'sales',
        path: ['edges', 17, 'sourceHandle'],
      },
    ]);
  });

  it('reports every node the trigger cannot reach', () => {
    const doc = edited((d) => {
      d.edges.splice(11, 2); // ab --A/B--> mailA, mailB
    });
    expect(coded(validateJourney(doc), 'unreachable')).toEqual([
      {
        severity: 'error',
        code: 'unreachable',
        message: 'Send node "mailA": no path from the trigger leads here, so no lead will ever reach it',
        nodeId: 'mailA',
        path: ['nodes', 10],
      },
      {
        severity: 'error',
        code: 'unreachable',
        message: 'Send node "mailB": no path from the trigger leads here, so no lead will ever reach it',
        nodeId: 'mailB',
        path: ['nodes', 11],
      },
      {
        severity: 'error',
        code: 'unreachable',
        message: 'Wait node "reply": no path from the trigger leads here, so no lead will ever reach it',
        nodeId: 'reply',
        path: ['nodes', 12],
      },
      {
        severity: 'error',
        code: 'unreachable',
        message: 'Exit node "done": no path from the trigger leads here, so no lead will ever reach it',
        nodeId: 'done',
        path: ['nodes', 13],
      },
    ]);
  });

  it('reports a loop without a wait or handoff once, naming its nodes, and accepts loops that pause', () => {
    const doc = edited((d) => {
      d.edges[13]!.target = 'ab'; // ab --A--> mailA → ab
      d.nodes.push({ id: 'spin', type: 'update', position: at, data: { label: 'Spin', score: { set: 1 } } } as never);
      d.edges.push({ id: 'e18', source: 'spin', target: 'spin' });
    });
    expect(coded(validateJourney(doc), 'instant_loop')).toEqual([
      {
        severity: 'error',
        code: 'instant_loop',
        message: 'These steps form a loop with no Wait or Handoff in it, so a lead would go round forever: Split "Subject test", Send node "mailA"',
        nodeId: 'ab',
        path: ['nodes', 9],
      },
      {
        severity: 'error',
        code: 'instant_loop',
        message: 'Update "Spin" leads straight back to itself with no Wait or Handoff in between, so a lead would loop forever',
        nodeId: 'spin',
        path: ['nodes', 14],
      },
    ]);
  });

  it('reports every unparseable duration, wherever it is', () => {
    const doc = edited((d) => {
      node(d, 'pause').data.for = '3 days';
      (node(d, 'reply').data.until as Record<string, unknown>).timeout = '5d';
      node(d, 'sales').data.sla = '48 hours';
      d.settings.reentry.after = 'a month';
      d.settings.frequencyCap[0]!.per = 'week';
      (d.settings.exitWhen.any[1] as { not: { within: string } }).not.within = 'sixty days';
      (node(d, 'hot').data.cases as { when: { within: string } }[])[0]!.when.within = '14';
    });
    expect(coded(validateJourney(doc), 'bad_duration')).toEqual([
      {
        severity: 'error',
        code: 'bad_duration',
        message: 'Settings: re-entry delay "a month" is not a duration; use ISO 8601 such as P3D or PT5M',
        path: ['settings', 'reentry', 'after'],
      },
      {
        severity: 'error',
        code: 'bad_duration',
        message: 'Settings: frequency cap 1 period "week" is not a duration; use ISO 8601 such as P3D or PT5M',
        path: ['settings', 'frequencyCap', 0, 'per'],
      },
      {
        severity: 'error',
        code: 'bad_duration',
        message: 'Settings: the time window "sixty days" for "email_opened" is not a duration; use ISO 8601 such as P3D or PT5M',
        path: ['settings', 'exitWhen', 'any', 1, 'not', 'within'],
      },
      {
        severity: 'error',
        code: 'bad_duration',
        message: 'Wait "Wait 3 days": "3 days" is not a duration; use ISO 8601 such as P3D or PT5M',
        nodeId: 'pause',
        path: ['nodes', 2, 'data', 'for'],
      },
      {
        severity: 'error',
        code: 'bad_duration',
        message: 'Branch "Hot lead?": the time window "14" for "email_clicked" is not a duration; use ISO 8601 such as P3D or PT5M',
        nodeId: 'hot',
        path: ['nodes', 3, 'data', 'cases', 0, 'when', 'within'],
      },
      {
        severity: 'error',
        code: 'bad_duration',
        message: 'Handoff "Call them": the SLA "48 hours" is not a duration; use ISO 8601 such as P3D or PT5M',
        nodeId: 'sales',
        path: ['nodes', 4, 'data', 'sla'],
      },
      {
        severity: 'error',
        code: 'bad_duration',
        message: 'Wait node "reply": the timeout "5d" is not a duration; use ISO 8601 such as P3D or PT5M',
        nodeId: 'reply',
        path: ['nodes', 12, 'data', 'until', 'timeout'],
      },
    ]);
  });

  it('checks durations in trigger conditions and segments', () => {
    const doc = edited((d) => {
      node(d, 'start').data.on = { condition: { all: [{ event: 'page_viewed', within: '2w' }] } };
    });
    expect(validateJourney(doc)).toEqual([
      {
        severity: 'error',
        code: 'bad_duration',
        message: 'Trigger "Demo form": the time window "2w" for "page_viewed" is not a duration; use ISO 8601 such as P3D or PT5M',
        nodeId: 'start',
        path: ['nodes', 0, 'data', 'on', 'condition', 'all', 0, 'within'],
      },
    ]);
  });

  it('reports every unparseable time of day', () => {
    const doc = edited((d) => {
      d.settings.quietHours.to = '8am';
      d.settings.sendWindow.from = '24:00';
      (node(d, 'later').data.until as Record<string, unknown>).time = '9:60';
    });
    expect(coded(validateJourney(doc), 'bad_time')).toEqual([
      {
        severity: 'error',
        code: 'bad_time',
        message: 'Settings: quiet hours end "8am" is not a time of day; use HH:MM on a 24-hour clock such as 09:00 or 20:30',
        path: ['settings', 'quietHours', 'to'],
      },
      {
        severity: 'error',
        code: 'bad_time',
        message: 'Settings: send window start "24:00" is not a time of day; use HH:MM on a 24-hour clock such as 09:00 or 20:30',
        path: ['settings', 'sendWindow', 'from'],
      },
      {
        severity: 'error',
        code: 'bad_time',
        message: 'Wait node "later": "9:60" is not a time of day; use HH:MM on a 24-hour clock such as 09:00 or 20:30',
        nodeId: 'later',
        path: ['nodes', 6, 'data', 'until', 'time'],
      },
    ]);
  });

  it('reports an unknown time zone', () => {
    const doc = edited((d) => {
      d.settings.timezone = 'London';
    });
    expect(validateJourney(doc)).toEqual([
      {
        severity: 'error',
        code: 'bad_timezone',
        message: 'Settings: time zone "London" is not a time zone; use an IANA name such as Europe/London or America/New_York',
        path: ['settings', 'timezone'],
      },
    ]);
  });

  it('reports split weights that are not positive', () => {
    const doc = edited((d) => {
      const variants = node(d, 'ab').data.variants as { weight: number }[];
      variants[0]!.weight = 0;
      variants[1]!.weight = -10;
    });
    expect(validateJourney(doc)).toEqual([
      {
        severity: 'error',
        code: 'weights',
        message: 'Split "Subject test": variant "A" has weight 0; every weight must be a number above 0 (weights are relative, e.g. 50 and 50)',
        nodeId: 'ab',
        path: ['nodes', 9, 'data', 'variants', 0, 'weight'],
      },
      {
        severity: 'error',
        code: 'weights',
        message: 'Split "Subject test": variant "B" has weight -10; every weight must be a number above 0 (weights are relative, e.g. 50 and 50)',
        nodeId: 'ab',
        path: ['nodes', 9, 'data', 'variants', 1, 'weight'],
      },
    ]);
  });

  it('reports an edge into the trigger', () => {
    const doc = edited((d) => {
      d.edges[16]!.target = 'start';
      d.nodes.splice(13, 1); // done, now unconnected
    });
    expect(validateJourney(doc)).toEqual([
      {
        severity: 'error',
        code: 'edge_into_trigger',
        message:
          'The connection from Wait node "reply" to Trigger "Demo form": nothing can lead into Trigger "Demo form"; leads enter a journey only through its trigger\'s own condition',
        edgeId: 'e17',
        path: ['edges', 16, 'target'],
      },
    ]);
  });

  it('reports all problems at once, running the graph checks even when the schema fails', () => {
    const doc = edited((d) => {
      node(d, 'welcome').data.template = 42; // schema
      node(d, 'pause').data.for = 'three days'; // bad_duration
      d.edges[2]!.target = 'gone'; // dangling_edge, so hot and all after it are unreachable
      d.settings.timezone = 'Nowhere/Land'; // bad_timezone
    });
    const problems = validateJourney(doc);
    expect(problems.map((p) => [p.code, p.nodeId ?? p.edgeId ?? ''])).toEqual([
      ['schema', 'welcome'],
      ['dangling_edge', 'e3'],
      ['unreachable', 'hot'],
      ['unreachable', 'sales'],
      ['unreachable', 'won'],
      ['unreachable', 'later'],
      ['unreachable', 'lost'],
      ['unreachable', 'cool'],
      ['unreachable', 'ab'],
      ['unreachable', 'mailA'],
      ['unreachable', 'mailB'],
      ['unreachable', 'reply'],
      ['unreachable', 'done'],
      ['bad_timezone', ''],
      ['bad_duration', 'pause'],
    ]);
    expect(problems[0]).toEqual({
      severity: 'error',
      code: 'schema',
      message: 'Send "Welcome email": template must be text, not a number',
      nodeId: 'welcome',
      path: ['nodes', 1, 'data', 'template'],
    });
  });

  it('still checks the well-formed nodes and edges when others are garbage', () => {
    const doc = edited((d) => {
      (d.nodes as unknown[]).push(null, 'node', { type: 'send' });
      (d.edges as unknown[]).push(7, { id: 'e18', source: 'won', target: 'welcome' });
    });
    const problems = validateJourney(doc);
    expect(problems.filter((p) => p.code !== 'schema')).toEqual([
      {
        severity: 'error',
        code: 'unknown_handle',
        message: 'The connection from Exit node "won" to Send "Welcome email": Exit node "won" ends the journey, so nothing can follow it',
        edgeId: 'e18',
        path: ['edges', 18],
      },
    ]);
    expect(coded(problems, 'schema').map((p) => p.path)).toEqual([
      ['nodes', 14],
      ['nodes', 15],
      ['nodes', 16, 'id'],
      ['nodes', 16, 'position'],
      ['nodes', 16, 'data'],
      ['edges', 17],
    ]);
  });

  it('never throws, and reports what is not a journey at all', () => {
    expect(validateJourney(null)).toEqual([
      { severity: 'error', code: 'schema', message: 'Journey: must be an object, not null', path: [] },
    ]);
    expect(validateJourney('journey')).toEqual([
      { severity: 'error', code: 'schema', message: 'Journey: must be an object, not text', path: [] },
    ]);
    let deep: unknown = { attr: 'score', op: 'gt', value: 1 };
    for (let i = 0; i < 50_000; i++) deep = { not: deep };
    const tooDeep = edited((d) => {
      (d.settings as Record<string, unknown>).goal = deep;
    });
    expect(validateJourney(tooDeep)).toEqual([
      {
        severity: 'error',
        code: 'schema',
        message: 'The journey is nested too deeply to check; no condition needs thousands of levels',
        path: [],
      },
    ]);
  });
});

describe('schema messages', () => {
  it('say a score given as a number must be an object, once, not "an object or an object"', () => {
    const doc = edited((d) => {
      node(d, 'cool').data.score = 5;
    });
    expect(coded(validateJourney(doc), 'schema').map((p) => p.message)).toEqual(['Update node "cool": score must be an object, not a number']);
  });
});

describe('hasErrors', () => {
  it('is true only when some problem is an error', () => {
    const warning: Problem = { severity: 'warning', code: 'missing_handle', message: 'm', path: [] };
    expect(hasErrors([warning])).toBe(false);
    expect(hasErrors([warning, { ...warning, severity: 'error', code: 'unreachable' }])).toBe(true);
  });
});
