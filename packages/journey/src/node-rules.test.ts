import { describe, expect, it } from 'vitest';
import { newLead } from './lead.js';
import { updateLead } from './node-rules.js';
import type { UpdateNode } from './schema.js';

const update = (data: UpdateNode['data']): UpdateNode => ({ id: 'u', type: 'update', position: { x: 0, y: 0 }, data });

describe('updateLead', () => {
  it("records consent set by a journey on the lead's consent, keeping the other channels and leaving the lead before it as it was", () => {
    const before = { ...newLead('ada'), consent: { sms: 'opted_out' as const } };
    const { lead, set } = updateLead(update({ set: { 'consent.email': 'opted_in', stage: 'mql' } }), before);
    expect(lead).toEqual({ id: 'ada', score: 0, stage: 'mql', attributes: {}, consent: { sms: 'opted_out', email: 'opted_in' } });
    expect(set).toEqual({ 'consent.email': 'opted_in', stage: 'mql' });
    expect(before.consent).toEqual({ sms: 'opted_out' });
  });
});
