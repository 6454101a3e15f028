import { describe, expect, it } from 'vitest';
import { placeAfter, stepToAddAfter } from './placement.js';
import type { FlowEdge, FlowNode } from './serialize.js';

const trigger: FlowNode = { id: 'trigger', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: 'form_submitted' } } };
const send: FlowNode = { id: 'send-1', type: 'send', position: { x: 330, y: 0 }, data: { channel: 'email', template: '' } };
const handoff: FlowNode = { id: 'h', type: 'handoff', position: { x: 0, y: 0 }, data: { queue: 'q', assign: 'owner', sla: 'PT4H' } };

describe('where a step added from the palette goes', () => {
  it('follows the selected step', () => {
    expect(stepToAddAfter([{ ...trigger, selected: true }, send], [])?.id).toBe('trigger');
  });

  it('with nothing selected, follows the last step that still has an open path', () => {
    const edges: FlowEdge[] = [{ id: 'e1', source: 'trigger', target: 'send-1' }];
    expect(stepToAddAfter([trigger, send], edges)?.id).toBe('send-1');
    expect(stepToAddAfter([trigger, send], [...edges, { id: 'e2', source: 'send-1', target: 'trigger' }])).toBeNull();
  });

  it('with an exit or several steps selected, follows the last step with an open path', () => {
    const exit: FlowNode = { id: 'x', type: 'exit', position: { x: 0, y: 0 }, data: { outcome: 'completed' }, selected: true };
    expect(stepToAddAfter([trigger, exit], [])?.id).toBe('trigger');
    expect(stepToAddAfter([trigger, exit], [{ id: 'e', source: 'trigger', target: 'x' }])).toBeNull();
    expect(stepToAddAfter([{ ...trigger, selected: true }, { ...send, selected: true }], [])?.id).toBe('send-1');
  });

  it('places it one column along, on the first open path', () => {
    expect(placeAfter(trigger, [trigger], [], 'LR')).toEqual({ source: 'trigger', sourceHandle: null, position: { x: 330, y: 0 } });
    expect(placeAfter(trigger, [trigger], [], 'TB')).toEqual({ source: 'trigger', sourceHandle: null, position: { x: 0, y: 200 } });
  });

  it("takes a handoff's first open answer and starts that answer's row", () => {
    const edges: FlowEdge[] = [{ id: 'e', source: 'h', sourceHandle: 'accepted', target: 'won' }];
    expect(placeAfter(handoff, [handoff], edges, 'LR')).toEqual({ source: 'h', sourceHandle: 'recycled', position: { x: 330, y: 150 } });
  });

  it('moves sideways until it covers no other card', () => {
    expect(placeAfter(trigger, [trigger, send], [], 'LR').position).toEqual({ x: 330, y: 150 });
  });
});
