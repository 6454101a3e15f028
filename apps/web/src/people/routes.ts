/**
 * The pages of the other people in the room, in the URL hash like the editor's:
 * `#/review/:id` (`?version=n` shares one version), `#/review/:id/compare?from=a&to=b`,
 * `#/operate/:id`, `#/sales`, `#/admin/tokens`, `#/leads` (`?segment=id`), `#/segments`, `#/import`, `#/senders`, `#/queues`, `#/admin/webhooks`, `#/admin/settings`, `#/messages` (`/:id` opens one, `/:id/edit` edits it, `/new?channel=` writes one).
 */
export type PeopleRoute =
  | { page: 'review'; id: string; version: number | null }
  | { page: 'compare'; id: string; from: number | null; to: number | null }
  | { page: 'operate'; id: string }
  | { page: 'sales' }
  | { page: 'tokens' }
  | { page: 'leads'; segment: string | null }
  | { page: 'segments' }
  | { page: 'scoring' }
  | { page: 'import' }
  | { page: 'senders' }
  | { page: 'queues' }
  | { page: 'webhooks' }
  | { page: 'settings' }
  | { page: 'messages'; id: string | null }
  | { page: 'message-editor'; id: string | null; channel: string | null };

function versionParam(query: URLSearchParams, name: string): number | null {
  const value = query.get(name);
  return value && /^[1-9][0-9]*$/.test(value) ? Number(value) : null;
}

export function parsePeopleRoute(path: string): PeopleRoute | null {
  const [pathname = '', search = ''] = path.split('?');
  const query = new URLSearchParams(search);
  if (pathname === '/sales') return { page: 'sales' };
  if (pathname === '/admin/tokens') return { page: 'tokens' };
  if (pathname === '/leads') return { page: 'leads', segment: query.get('segment') || null };
  if (pathname === '/segments') return { page: 'segments' };
  if (pathname === '/scoring') return { page: 'scoring' };
  if (pathname === '/import') return { page: 'import' };
  if (pathname === '/senders') return { page: 'senders' };
  if (pathname === '/queues') return { page: 'queues' };
  if (pathname === '/admin/webhooks') return { page: 'webhooks' };
  if (pathname === '/admin/settings') return { page: 'settings' };
  if (pathname === '/messages') return { page: 'messages', id: null };
  if (pathname === '/messages/new') return { page: 'message-editor', id: null, channel: query.get('channel') };
  const editing = /^\/messages\/([^/]+)\/edit$/.exec(pathname);
  if (editing) return { page: 'message-editor', id: decodeURIComponent(editing[1]!), channel: null };
  const message = /^\/messages\/([^/]+)$/.exec(pathname);
  if (message) return { page: 'messages', id: decodeURIComponent(message[1]!) };
  const compare = /^\/review\/([^/]+)\/compare$/.exec(pathname);
  if (compare) return { page: 'compare', id: decodeURIComponent(compare[1]!), from: versionParam(query, 'from'), to: versionParam(query, 'to') };
  const review = /^\/review\/([^/]+)$/.exec(pathname);
  if (review) return { page: 'review', id: decodeURIComponent(review[1]!), version: versionParam(query, 'version') };
  const operate = /^\/operate\/([^/]+)$/.exec(pathname);
  if (operate) return { page: 'operate', id: decodeURIComponent(operate[1]!) };
  return null;
}

export const peopleLinks = {
  review: (id: string, version?: number | null) => `#/review/${encodeURIComponent(id)}${version ? `?version=${version}` : ''}`,
  compare: (id: string, from: number, to: number) => `#/review/${encodeURIComponent(id)}/compare?from=${from}&to=${to}`,
  operate: (id: string) => `#/operate/${encodeURIComponent(id)}`,
  sales: '#/sales',
  tokens: '#/admin/tokens',
  leads: (segment?: string) => `#/leads${segment ? `?segment=${encodeURIComponent(segment)}` : ''}`,
  segments: '#/segments',
  scoring: '#/scoring',
  import: '#/import',
  senders: '#/senders',
  queues: '#/queues',
  webhooks: '#/admin/webhooks',
  settings: '#/admin/settings',
  messages: '#/messages',
  message: (id: string) => `#/messages/${encodeURIComponent(id)}`,
  editMessage: (id: string) => `#/messages/${encodeURIComponent(id)}/edit`,
  newMessage: (channel: string) => `#/messages/new?channel=${encodeURIComponent(channel)}`,
};
