import { beforeAll, expect, it } from 'vitest';
import { claimDueSends, engagementOfSend, markSendDelivered, pendingEvents, sendStatsOfJourney, upsertLead } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { insertTestSend } from '@trellis/store/test-sends';
import { createEmailEngagement, maskEmail } from './engagement.js';
import { signTrackingToken, type TrackingClaim } from './tracking-token.js';

const SECRET = 'engagement-test-secret';
const DELIVERED = new Date('2031-05-04T10:00:00Z');

describeEachDatabase('email engagement', (database) => {
  let now = DELIVERED;
  let engagement: ReturnType<typeof createEmailEngagement>;
  beforeAll(() => {
    engagement = createEmailEngagement({ db: database.db, secret: async () => SECRET, now: () => now });
  });
  const at = (ms: number) => {
    now = new Date(DELIVERED.getTime() + ms);
  };
  const token = (claim: Partial<TrackingClaim> & Pick<TrackingClaim, 'purpose' | 'leadId'>) =>
    signTrackingToken({ sendId: 'run-1.2', expiresAt: DELIVERED.getTime() / 1000 + 86_400, ...claim }, SECRET);

  /** A delivered email of journey `eng-j`, node `mail1`. */
  async function deliveredSend(leadId: string): Promise<void> {
    await insertTestSend(database.db, { leadId, id: 'run-1.2', channel: 'email', template: 't', journeyId: 'eng-j', nodeId: 'mail1', at: DELIVERED });
    const [claim] = (await claimDueSends(database.db, { now: DELIVERED, limit: 100, leaseMs: 60_000 })).filter((s) => s.leadId === leadId);
    expect(await markSendDelivered(database.db, claim!, { at: DELIVERED })).toBe(true);
  }
  const eventsOf = async (leadId: string) =>
    (await pendingEvents(database.db, leadId)).filter((e) => e.type !== 'lead_created').map((e) => ({ id: e.id, type: e.type, props: e.props }));

  it('answers a click with the linked URL and records email_clicked against the send, journey and node, once a minute per link', async () => {
    await deliveredSend('eng-ada');
    const click = token({ purpose: 'click', leadId: 'eng-ada', url: 'https://example.com/pricing' });
    at(60_000);
    expect(await engagement.clickTarget(click)).toBe('https://example.com/pricing');
    expect(await eventsOf('eng-ada')).toEqual([]);
    expect(await engagement.click(click)).toBe('https://example.com/pricing');
    at(65_000);
    expect(await engagement.click(click)).toBe('https://example.com/pricing');
    const minute = Math.floor((DELIVERED.getTime() + 60_000) / 60_000);
    expect(await eventsOf('eng-ada')).toEqual([
      {
        id: expect.stringMatching(new RegExp(`^trellis\\.email_clicked\\.run-1\\.2\\.${minute}\\.[A-Za-z0-9_-]{10}$`)),
        type: 'email_clicked',
        props: { url: 'https://example.com/pricing', sendId: 'run-1.2', journeyId: 'eng-j', nodeId: 'mail1' },
      },
    ]);
    expect(await engagementOfSend(database.db, 'eng-ada', 'run-1.2')).toEqual({ opens: 0, clicks: 1, unsubscribes: 0 });
  });

  it('answers null to a tampered token, another purpose’s token, an expired one, or one naming no send', async () => {
    await deliveredSend('eng-bo');
    const click = token({ purpose: 'click', leadId: 'eng-bo', url: 'https://example.com/' });
    at(1_000);
    expect(await engagement.click(`${click.slice(0, -1)}${click.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(await engagement.click(token({ purpose: 'open', leadId: 'eng-bo' }))).toBeNull();
    expect(await engagement.clickTarget(token({ purpose: 'unsubscribe', leadId: 'eng-bo' }))).toBeNull();
    expect(await engagement.click(token({ purpose: 'click', leadId: 'eng-bo', url: 'https://example.com/', expiresAt: DELIVERED.getTime() / 1000 }))).toBeNull();
    expect(await engagement.click(token({ purpose: 'click', leadId: 'eng-nobody', url: 'https://example.com/' }))).toBeNull();
    expect(await engagement.open('garbage')).toBe(false);
    expect(await engagement.preferences(token({ purpose: 'click', leadId: 'eng-bo', url: 'https://example.com/' }))).toBeNull();
    expect(await engagement.optOut('garbage', 'everything')).toBe(false);
    expect(await eventsOf('eng-bo')).toEqual([]);
  });

  it('flags opens within seconds of delivery as a machine’s, records people’s opens once an hour, and counts only those', async () => {
    await deliveredSend('eng-cy');
    const open = token({ purpose: 'open', leadId: 'eng-cy' });
    at(3_000);
    expect(await engagement.open(open)).toBe(true);
    at(120_000);
    expect(await engagement.open(open)).toBe(true);
    at(180_000);
    expect(await engagement.open(open)).toBe(true);
    at(3_600_000);
    expect(await engagement.open(open)).toBe(true);
    const hour = Math.floor(DELIVERED.getTime() / 3_600_000);
    const props = { sendId: 'run-1.2', journeyId: 'eng-j', nodeId: 'mail1' };
    expect(await eventsOf('eng-cy')).toEqual([
      { id: `trellis.email_opened.run-1.2.${hour}.machine`, type: 'email_opened', props: { ...props, machine: true } },
      { id: `trellis.email_opened.run-1.2.${hour}`, type: 'email_opened', props },
      { id: `trellis.email_opened.run-1.2.${hour + 1}`, type: 'email_opened', props },
    ]);
    expect(await engagementOfSend(database.db, 'eng-cy', 'run-1.2')).toEqual({ opens: 2, clicks: 0, unsubscribes: 0 });
  });

  it('takes an open of a send not yet marked delivered for a scanner’s', async () => {
    await insertTestSend(database.db, { leadId: 'eng-eve', id: 'run-1.2', channel: 'email', template: 't', journeyId: 'eng-j', nodeId: 'mail1', at: DELIVERED });
    at(1_000);
    expect(await engagement.open(token({ purpose: 'open', leadId: 'eng-eve' }))).toBe(true);
    expect((await eventsOf('eng-eve')).map((e) => e.props.machine)).toEqual([true]);
  });

  it('shows the preferences page a masked address and records each opt-out as the format defines it', async () => {
    await deliveredSend('eng-dee');
    await upsertLead(database.db, 'eng-dee', { email: 'dee.lovelace@example.com' });
    const unsubscribe = token({ purpose: 'unsubscribe', leadId: 'eng-dee' });
    expect(await engagement.preferences(unsubscribe)).toEqual({ maskedEmail: 'd***********@e******.com' });
    at(60_000);
    expect(await engagement.optOut(unsubscribe, 'sms')).toBe(true);
    expect(await engagement.optOut(unsubscribe, 'email')).toBe(true);
    expect(await engagement.optOut(unsubscribe, 'email')).toBe(true);
    expect(await engagement.optOut(unsubscribe, 'everything')).toBe(true);
    const minute = Math.floor(now.getTime() / 60_000);
    expect(await eventsOf('eng-dee')).toEqual([
      { id: `trellis.opt_out.sms.run-1.2.${minute}`, type: 'lead_updated', props: { consent: { sms: 'opted_out' } } },
      { id: `trellis.opt_out.email.run-1.2.${minute}`, type: 'lead_updated', props: { consent: { email: 'opted_out' } } },
      { id: `trellis.opt_out.everything.run-1.2.${minute}`, type: 'unsubscribed', props: { sendId: 'run-1.2', journeyId: 'eng-j', nodeId: 'mail1' } },
    ]);
    expect(await engagementOfSend(database.db, 'eng-dee', 'run-1.2')).toEqual({ opens: 0, clicks: 0, unsubscribes: 2 });
    expect((await sendStatsOfJourney(database.db, 'eng-j')).mail1).toEqual({ sent: 0, opened: 1, clicked: 1, unsubscribed: 1 });
  });
});

it('masks an address down to first letters and the top-level domain', () => {
  expect(maskEmail('ada@example.com')).toBe('a**@e******.com');
  expect(maskEmail('a@b.io')).toBe('a**@b**.io');
  expect(maskEmail('not-an-address')).toBe('n*************');
});
