import { describe, expect, it } from 'vitest';
import { readTrackingToken, signTrackingToken, type TrackingClaim } from './tracking-token.js';

describe('tracking tokens', () => {
  const now = new Date('2026-03-02T09:00:00Z');
  const inADay = now.getTime() / 1000 + 86_400;
  const click: TrackingClaim = { purpose: 'click', leadId: 'ada', sendId: 'run-1.3', expiresAt: inADay, url: 'https://example.com/pricing?a=1&b=2' };

  it('reads back what was signed, for clicks (with their URL), opens and unsubscribes', () => {
    expect(readTrackingToken(signTrackingToken(click, 'secret'), 'secret', now)).toEqual(click);
    const open: TrackingClaim = { purpose: 'open', leadId: 'ada', sendId: 'run-1.3', expiresAt: inADay };
    expect(readTrackingToken(signTrackingToken(open, 'secret'), 'secret', now)).toEqual(open);
    const unsubscribe: TrackingClaim = { ...open, purpose: 'unsubscribe' };
    expect(readTrackingToken(signTrackingToken(unsubscribe, 'secret'), 'secret', now)).toEqual(unsubscribe);
  });

  it('is URL-safe: only base64url characters and one dot', () => {
    expect(signTrackingToken(click, 'secret')).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a token signed with another secret, expired, or with any character changed', () => {
    const token = signTrackingToken(click, 'secret');
    expect(readTrackingToken(token, 'other secret', now)).toBeNull();
    expect(readTrackingToken(token, 'secret', new Date(inADay * 1000))).toBeNull();
    for (const index of [0, 10, token.indexOf('.') + 1, token.length - 1]) {
      const changed = token.slice(0, index) + (token[index] === 'A' ? 'B' : 'A') + token.slice(index + 1);
      expect(readTrackingToken(changed, 'secret', now)).toBeNull();
    }
  });

  it('refuses another link’s URL spliced into a signed token, and malformed tokens', () => {
    const token = signTrackingToken(click, 'secret');
    const [, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify(['c', 'ada', 'run-1.3', inADay, 'https://evil.example'])).toString('base64url');
    expect(readTrackingToken(`${forged}.${signature}`, 'secret', now)).toBeNull();
    for (const bad of ['', '.', 'abc', 'a.b.c', `${token}.x`]) expect(readTrackingToken(bad, 'secret', now)).toBeNull();
  });
});
