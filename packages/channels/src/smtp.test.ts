import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpMailer, messageIdFor, type SmtpMailer } from './smtp.js';
import { startSmtpReceiver, type SmtpReceiver } from './test-receivers.js';

describe('SMTP mailer', () => {
  let receiver: SmtpReceiver | undefined;
  let mailer: SmtpMailer | undefined;
  afterEach(async () => {
    mailer?.close();
    await receiver?.close();
  });

  const message = {
    from: { name: 'Sam Reyes', address: 'sam@acme.test' },
    to: 'ada@example.com',
    subject: 'Welcome, Ada',
    text: 'Hello Ada',
    html: '<p>Hello Ada</p>',
    idempotencyKey: 'send-7',
  };

  it('delivers the message with the idempotency key as Message-ID and header', async () => {
    receiver = await startSmtpReceiver();
    mailer = createSmtpMailer(receiver.url, { timeoutMs: 5_000 });
    expect(await mailer.send(message)).toEqual({ ok: true });
    const [mail] = receiver.messages;
    expect(receiver.recipients).toEqual([['ada@example.com']]);
    expect(mail!.from?.value).toEqual([{ name: 'Sam Reyes', address: 'sam@acme.test' }]);
    expect(mail!.subject).toBe('Welcome, Ada');
    expect(mail!.text).toBe('Hello Ada');
    expect(mail!.html).toBe('<p>Hello Ada</p>');
    expect(mail!.messageId).toBe('<send-7@trellis.send>');
    expect(mail!.headers.get('x-trellis-idempotency-key')).toBe('send-7');
  });

  it('calls a 5xx refusal final', async () => {
    receiver = await startSmtpReceiver({ reject: ['gone@example.com'] });
    mailer = createSmtpMailer(receiver.url, { timeoutMs: 5_000 });
    const result = await mailer.send({ ...message, to: 'gone@example.com' });
    expect(result).toMatchObject({ ok: false, permanent: true });
    expect(!result.ok && result.error).toContain('550');
  });

  it('carries many messages over a few kept-open sessions', async () => {
    receiver = await startSmtpReceiver();
    mailer = createSmtpMailer(receiver.url, { timeoutMs: 5_000, maxConnections: 3 });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => mailer!.send({ ...message, to: `lead-${i}@example.com`, idempotencyKey: `send-${i}` })),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(30);
    expect(receiver.messages).toHaveLength(30);
    expect(receiver.connections()).toBe(3);
  });

  it('makes a Message-ID from any key', () => {
    // A key with characters a Message-ID cannot hold is hashed.
    expect(messageIdFor('lead-1:send-2')).toBe('<0eed25d48875b0fc73d9319c4491ad085a16192e0d30af6b41b1294d7d8e51ce@trellis.send>');
    expect(messageIdFor('abc_1.2-3')).toBe('<abc_1.2-3@trellis.send>');
  });
});
