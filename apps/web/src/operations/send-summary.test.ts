import type { Journey } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import { sendsByChannel } from './send-summary.js';

describe('sendsByChannel', () => {
  it('adds up the send steps of each channel; steps no lead reached count zero', () => {
    const journey: Journey = {
      schemaVersion: 1,
      name: 'x',
      settings: {},
      nodes: [
        { id: 'a', type: 'send', position: { x: 0, y: 0 }, data: { channel: 'email', template: 'one' } },
        { id: 'b', type: 'send', position: { x: 0, y: 0 }, data: { channel: 'email', template: 'two' } },
        { id: 'c', type: 'send', position: { x: 0, y: 0 }, data: { channel: 'sms', template: 'three' } },
        { id: 'd', type: 'exit', position: { x: 0, y: 0 }, data: { outcome: 'done' } },
      ],
      edges: [],
    };
    const stats = {
      version: 1,
      nodes: {
        a: { current: 0, entered: 5, sends: { sent: 5, opened: 3, clicked: 1, unsubscribed: 0 } },
        b: { current: 1, entered: 2, sends: { sent: 1, opened: 1, clicked: 1, unsubscribed: 1 } },
      },
      outcomes: {},
    };
    const statuses = [
      { channel: 'email', status: 'sent', count: 6, delivered: 6, failedDelivery: 0 },
      { channel: 'email', status: 'suppressed', count: 1, delivered: 0, failedDelivery: 0 },
      { channel: 'webhook', status: 'failed', count: 2, delivered: 0, failedDelivery: 2 },
    ];
    expect(sendsByChannel(journey, stats, statuses)).toEqual([
      { channel: 'email', entered: 7, sent: 6, opened: 4, clicked: 2, unsubscribed: 1, statuses: { sent: 6, suppressed: 1 }, delivered: 6, failedDelivery: 0 },
      { channel: 'sms', entered: 0, sent: 0, opened: 0, clicked: 0, unsubscribed: 0, statuses: {}, delivered: 0, failedDelivery: 0 },
      { channel: 'webhook', entered: 0, sent: 0, opened: 0, clicked: 0, unsubscribed: 0, statuses: { failed: 2 }, delivered: 0, failedDelivery: 2 },
    ]);
  });
});
