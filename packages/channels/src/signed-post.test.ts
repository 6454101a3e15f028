import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { postSigned, signBody } from './signed-post.js';
import { startHttpReceiver, type HttpReceiver } from './test-receivers.js';

describe('postSigned', () => {
  let receiver: HttpReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });
  const options = { secret: 's3cret', idempotencyKey: 'send-42', timeoutMs: 2_000 };

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
