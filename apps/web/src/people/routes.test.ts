import { describe, expect, it } from 'vitest';
import { parsePeopleRoute, peopleLinks } from './routes.js';

describe('parsePeopleRoute', () => {
  it('reads each page from the hash path, versions from the query', () => {
    expect(parsePeopleRoute('/review/j%201?version=3')).toEqual({ page: 'review', id: 'j 1', version: 3 });
    expect(parsePeopleRoute('/review/j1')).toEqual({ page: 'review', id: 'j1', version: null });
    expect(parsePeopleRoute('/review/j1/compare?from=1&to=2')).toEqual({ page: 'compare', id: 'j1', from: 1, to: 2 });
    expect(parsePeopleRoute('/operate/j1')).toEqual({ page: 'operate', id: 'j1' });
    expect(parsePeopleRoute('/sales')).toEqual({ page: 'sales' });
    expect(parsePeopleRoute('/admin/tokens')).toEqual({ page: 'tokens' });
    expect(parsePeopleRoute('/leads')).toEqual({ page: 'leads', segment: null });
    expect(parsePeopleRoute(peopleLinks.leads('s 1').slice(1))).toEqual({ page: 'leads', segment: 's 1' });
    expect(parsePeopleRoute('/segments')).toEqual({ page: 'segments' });
    expect(parsePeopleRoute('/import')).toEqual({ page: 'import' });
    expect(parsePeopleRoute(peopleLinks.senders.slice(1))).toEqual({ page: 'senders' });
    expect(parsePeopleRoute(peopleLinks.queues.slice(1))).toEqual({ page: 'queues' });
    expect(parsePeopleRoute(peopleLinks.webhooks.slice(1))).toEqual({ page: 'webhooks' });
    expect(parsePeopleRoute(peopleLinks.settings.slice(1))).toEqual({ page: 'settings' });
    expect(parsePeopleRoute(peopleLinks.messages.slice(1))).toEqual({ page: 'messages', id: null });
    expect(parsePeopleRoute(peopleLinks.message('a/b').slice(1))).toEqual({ page: 'messages', id: 'a/b' });
    expect(parsePeopleRoute(peopleLinks.editMessage('a/b').slice(1))).toEqual({ page: 'message-editor', id: 'a/b', channel: null });
    expect(parsePeopleRoute(peopleLinks.newMessage('sms').slice(1))).toEqual({ page: 'message-editor', id: null, channel: 'sms' });
  });

  it('ignores a version that is not a whole number from 1, and paths that are not its pages', () => {
    expect(parsePeopleRoute('/review/j1?version=0')).toEqual({ page: 'review', id: 'j1', version: null });
    expect(parsePeopleRoute('/journeys/j1')).toBeNull();
  });

  it('makes links that read back as the same page', () => {
    expect(parsePeopleRoute(peopleLinks.review('a/b', 2).slice(1))).toEqual({ page: 'review', id: 'a/b', version: 2 });
    expect(parsePeopleRoute(peopleLinks.compare('a', 1, 2).slice(1))).toEqual({ page: 'compare', id: 'a', from: 1, to: 2 });
  });
});
