import { describe, expect, it } from 'vitest';
import type { StoredTemplate } from '../api/content.js';
import { filterTemplates } from './library-filter.js';

const template = (id: string, channel: string, name: string, subject: string | null, body = ''): StoredTemplate => ({
  id,
  channel,
  name,
  subject,
  body,
  html: null,
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
});

const all = [
  template('welcome-1', 'email', 'Welcome', 'Welcome, {{ lead.first_name }}'),
  template('sms-reminder', 'sms', 'Demo reminder', null, 'Your demo is tomorrow'),
  template('call-1', 'call_task', 'First call', 'Call {{ lead.first_name }}', 'Ask about the pilot'),
];

describe('filterTemplates', () => {
  it('keeps templates whose id, name, subject or body hold every word, any case, by name', () => {
    expect(filterTemplates(all, { q: '', channel: '' }).map((t) => t.id)).toEqual(['sms-reminder', 'call-1', 'welcome-1']);
    expect(filterTemplates(all, { q: 'DEMO', channel: '' }).map((t) => t.id)).toEqual(['sms-reminder']);
    expect(filterTemplates(all, { q: 'first_name call', channel: '' }).map((t) => t.id)).toEqual(['call-1']);
    expect(filterTemplates(all, { q: 'pilot', channel: '' }).map((t) => t.id)).toEqual(['call-1']);
  });

  it('keeps one channel when asked', () => {
    expect(filterTemplates(all, { q: '', channel: 'email' }).map((t) => t.id)).toEqual(['welcome-1']);
    expect(filterTemplates(all, { q: 'demo', channel: 'email' })).toEqual([]);
  });
});
