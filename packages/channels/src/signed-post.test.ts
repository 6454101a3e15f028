import { createHmac } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostAgents, postSigned, signBody, type WebhookGuard } from './signed-post.js';
import { LOCAL_RECEIVER_GUARD, startHttpReceiver, type HttpReceiver } from './test-receivers.js';
import { NOTHING_ALLOWED, parseWebhookAllow, type ResolveHost } from './webhook-address.js';

const options = { secret: 's3cret', idempotencyKey: 'send-42', timeoutMs: 2_000, guard: LOCAL_RECEIVER_GUARD };

/** A resolver that knows only these names, so no test asks the real DNS. */
function resolverOf(names: Record<string, string[]>): ResolveHost & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const addresses = names[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { calls });
}

describe('postSigned', () => {
  let receiver: HttpReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('posts the JSON body signed over its raw bytes, with the idempotency key', async () => {
    receiver = await startHttpReceiver();
    expect(await postSigned(`${receiver.url}/hook`, { a: 1, b: 'é' }, options)).toEqual({ ok: true, status: 200 });
    const [request] = receiver.received;
    expect(request).toMatchObject({ method: 'POST', path: '/hook', rawBody: '{"a":1,"b":"é"}' });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['idempotency-key']).toBe('send-42');
    const expected = `sha256=${createHmac('sha256', 's3cret').update(request!.rawBody).digest('hex')}`;
    expect(request!.headers['x-trellis-signature']).toBe(expected);
    expect(signBody('s3cret', request!.rawBody)).toBe(expected);
  });

  it('keeps one connection open for POSTs to the same receiver', async () => {
    receiver = await startHttpReceiver();
    const agents = createPostAgents(4);
    try {
      for (let i = 0; i < 5; i++) expect(await postSigned(`${receiver.url}/hook`, { i }, { ...options, agents })).toEqual({ ok: true, status: 200 });
    } finally {
      agents.http.destroy();
    }
    expect(receiver.received).toHaveLength(5);
    expect(receiver.connections()).toBe(1);
  });

  it('posts again on a fresh connection when the receiver had reset the kept one', async () => {
    // Answers the first request of each connection and resets the connection on the next.
    const requests: number[] = [];
    const server = createServer((socket) => {
      const connection = requests.push(0) - 1;
      socket.on('data', (chunk) => {
        if (!chunk.includes('\r\n\r\n')) return;
        requests[connection]! += 1;
        if (requests[connection] === 1) socket.write('HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: keep-alive\r\n\r\n');
        else socket.resetAndDestroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const agents = createPostAgents(4);
    try {
      expect(await postSigned(url, {}, { ...options, agents })).toEqual({ ok: true, status: 200 });
      expect(await postSigned(url, {}, { ...options, agents })).toEqual({ ok: true, status: 200 });
      expect(requests).toEqual([2, 1]);
    } finally {
      agents.http.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('calls a 5xx, a 408 or a 429 worth retrying, and any other 4xx final', async () => {
    const statuses = [500, 503, 408, 429, 400, 404];
    receiver = await startHttpReceiver((index) => statuses[index]!);
    const results = [];
    for (const _ of statuses) results.push(await postSigned(receiver.url, {}, options));
    expect(results.map((result) => !result.ok && [result.error.replace(receiver!.url, 'URL'), result.permanent])).toEqual([
      ['POST URL: HTTP 500', false],
      ['POST URL: HTTP 503', false],
      ['POST URL: HTTP 408', false],
      ['POST URL: HTTP 429', false],
      ['POST URL: HTTP 400', true],
      ['POST URL: HTTP 404', true],
    ]);
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    receiver = await startHttpReceiver(() => 'hang');
    const started = Date.now();
    const result = await postSigned(receiver.url, {}, { ...options, timeoutMs: 300 });
    expect(result).toEqual({ ok: false, error: `POST ${receiver.url}: no answer within 300 ms`, permanent: false });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports a receiver that is not there as worth retrying', async () => {
    receiver = await startHttpReceiver();
    const url = receiver.url;
    await receiver.close();
    receiver = undefined;
    const result = await postSigned(url, {}, options);
    expect(result.ok).toBe(false);
    expect(!result.ok && [result.error, result.permanent]).toEqual([`POST ${url}: connect ECONNREFUSED ${url.slice(7)}`, false]);
  });
});

describe('postSigned to a marketer\'s webhook URL', () => {
  let receiver: HttpReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });
  const refusal = (url: string, reason: string) => ({
    ok: false,
    error: `POST ${url}: refused: ${reason} (an admin can allow hosts in TRELLIS_WEBHOOK_ALLOW)`,
    permanent: true,
  });

  it('refuses every spelling of this machine, the cloud metadata address and private ranges, before connecting', async () => {
    receiver = await startHttpReceiver();
    const port = new URL(receiver.url).port;
    const resolve = resolverOf({});
    const guard: WebhookGuard = { allow: NOTHING_ALLOWED, resolve };
    const cases: [string, string][] = [
      [`https://127.0.0.1:${port}/`, '127.0.0.1 is a loopback address'],
      [`http://127.0.0.1:${port}/`, '127.0.0.1 is a loopback address'],
      [`https://localhost:${port}/`, 'localhost is this machine'],
      [`https://LocalHost.:${port}/`, 'localhost is this machine'],
      [`https://api.localhost:${port}/`, 'api.localhost is this machine'],
      [`https://0x7f000001:${port}/`, '127.0.0.1 is a loopback address'],
      [`https://2130706433:${port}/`, '127.0.0.1 is a loopback address'],
      [`https://127.1:${port}/`, '127.0.0.1 is a loopback address'],
      [`https://[::ffff:127.0.0.1]:${port}/`, '::ffff:7f00:1 is a loopback address'],
      [`https://[::127.0.0.1]:${port}/`, '::7f00:1 is a loopback address'],
      [`https://[64:ff9b::127.0.0.1]:${port}/`, '64:ff9b::7f00:1 is a loopback address'],
      [`https://[::1]:${port}/`, '::1 is a loopback address'],
      ['https://127.0.0.1:5432/', '127.0.0.1 is a loopback address'],
      ['https://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address'],
      ['https://[fe80::1]/', 'fe80::1 is a link-local address'],
      ['https://10.0.0.8/', '10.0.0.8 is a private address'],
      ['https://172.16.5.4/', '172.16.5.4 is a private address'],
      ['https://192.168.1.1/', '192.168.1.1 is a private address'],
      ['https://[::ffff:192.168.1.1]/', '::ffff:c0a8:101 is a private address'],
      ['https://[fd12::1]/', 'fd12::1 is a unique local (private) address'],
      ['https://100.64.0.1/', '100.64.0.1 is a carrier-grade NAT address'],
      ['https://224.0.0.251/', '224.0.0.251 is a multicast address'],
      ['https://[ff02::1]/', 'ff02::1 is a multicast address'],
      ['https://0.0.0.0/', '0.0.0.0 is an unspecified address'],
      ['https://[::]/', ':: is an unspecified address'],
      ['https://255.255.255.255/', '255.255.255.255 is a broadcast address'],
      ['https://192.0.2.10/', '192.0.2.10 is a reserved address'],
      ['https://[2001:db8::1]/', '2001:db8::1 is a reserved address'],
      ['https://240.0.0.1/', '240.0.0.1 is a reserved address'],
    ];
    const results = [];
    for (const [url] of cases) results.push(await postSigned(url, { lead: 'x' }, { ...options, guard }));
    expect(results).toEqual(cases.map(([url, reason]) => refusal(url, `${reason}, which webhooks may not reach`)));
    expect([receiver.connections(), resolve.calls]).toEqual([0, []]);
  });

  it('words a refusal the same whether or not anything listens on the port', async () => {
    receiver = await startHttpReceiver();
    const open = receiver.url.replace('http:', 'https:');
    const closed = 'https://127.0.0.1:9';
    const guard: WebhookGuard = { allow: NOTHING_ALLOWED, resolve: resolverOf({}) };
    const [a, b] = [await postSigned(open, {}, { ...options, guard }), await postSigned(closed, {}, { ...options, guard })];
    expect(!a.ok && a.error.replace(open, 'URL')).toBe(!b.ok && b.error.replace(closed, 'URL'));
    expect([a.ok, b.ok, !a.ok && a.permanent, !b.ok && b.permanent]).toEqual([false, false, true, true]);
  });

  it('wants https for a host the allow-list does not name', async () => {
    const guard: WebhookGuard = { allow: NOTHING_ALLOWED, resolve: resolverOf({ 'crm.example.com': ['203.0.114.7'] }) };
    expect(await postSigned('http://crm.example.com/in', {}, { ...options, guard })).toEqual(
      refusal('http://crm.example.com/in', 'plain http:// is only for hosts an admin allows (TRELLIS_WEBHOOK_ALLOW); use https://'),
    );
  });

  it('refuses a public-looking name that resolves to this machine, or to a private address among public ones', async () => {
    receiver = await startHttpReceiver();
    const port = new URL(receiver.url).port;
    const resolve = resolverOf({ 'hooks.example.com': ['127.0.0.1'], 'mixed.example.com': ['203.0.114.7', '10.1.2.3'] });
    const guard: WebhookGuard = { allow: NOTHING_ALLOWED, resolve };
    const first = `https://hooks.example.com:${port}/in`;
    const second = `https://mixed.example.com:${port}/in`;
    expect(await postSigned(first, {}, { ...options, guard })).toEqual(
      refusal(first, 'hooks.example.com resolves to 127.0.0.1, a loopback address, which webhooks may not reach'),
    );
    expect(await postSigned(second, {}, { ...options, guard })).toEqual(
      refusal(second, 'mixed.example.com resolves to 10.1.2.3, a private address, which webhooks may not reach'),
    );
    expect(receiver.connections()).toBe(0);
  });

  it('connects to the very address it checked: a name that answers differently the second time is not asked again', async () => {
    receiver = await startHttpReceiver();
    const port = new URL(receiver.url).port;
    let calls = 0;
    // Allowed range 127.0.0.1/32; the name answers that once, then an address outside it.
    const resolve: ResolveHost = async () => [{ address: calls++ === 0 ? '127.0.0.1' : '10.9.9.9', family: 4 }];
    const guard: WebhookGuard = { allow: parseWebhookAllow('127.0.0.1/32'), resolve };
    const result = await postSigned(`https://rebind.example.com:${port}/`, {}, { ...options, guard });
    // The receiver speaks plain HTTP, so the TLS handshake fails, after connecting where it was checked.
    expect(result.ok).toBe(false);
    expect([calls, receiver.connections()]).toEqual([1, 1]);
  });

  it('posts to a host the admin allows by name, over plain http, whatever it resolves to', async () => {
    receiver = await startHttpReceiver();
    const port = new URL(receiver.url).port;
    const guard: WebhookGuard = { allow: parseWebhookAllow('receiver.internal'), resolve: resolverOf({ 'receiver.internal': ['127.0.0.1'] }) };
    expect(await postSigned(`http://receiver.internal:${port}/in`, { a: 1 }, { ...options, guard })).toEqual({ ok: true, status: 200 });
    expect(receiver.received.map((request) => [request.path, request.headers.host])).toEqual([['/in', `receiver.internal:${port}`]]);
  });

  it('does not follow a redirect, and a 302 to this machine reaches nothing there', async () => {
    const target = await startHttpReceiver();
    receiver = await startHttpReceiver(() => ({ status: 302, headers: { location: `${target.url}/steal` } }));
    try {
      const port = new URL(receiver.url).port;
      const guard: WebhookGuard = { allow: parseWebhookAllow('receiver.internal'), resolve: resolverOf({ 'receiver.internal': ['127.0.0.1'] }) };
      const url = `http://receiver.internal:${port}/in`;
      expect(await postSigned(url, {}, { ...options, guard })).toEqual({
        ok: false,
        error: `POST ${url}: HTTP 302, a redirect to ${target.url}/steal, which webhooks do not follow`,
        permanent: true,
      });
      expect([receiver.received.length, target.connections()]).toEqual([1, 0]);
    } finally {
      await target.close();
    }
  });
});
