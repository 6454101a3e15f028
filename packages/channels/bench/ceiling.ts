import nodemailer from 'nodemailer';
import { SMTP_POOL } from '../src/smtp.js';
import type { Arrivals } from './receivers.js';

/**
 * The bare ceiling: nodemailer's own pool, as wide as the one Trellis's delivery uses, sending
 * `count` messages of the bench email's size straight to the same SMTP server, all queued at
 * once, with nothing of Trellis in between. Measured in the same run as the figures it frames.
 */
export async function measureCeiling(smtp: Arrivals, count: number, maxConnections = SMTP_POOL.maxConnections): Promise<{ perSecond: number; connections: number }> {
  const transport = nodemailer.createTransport({ url: smtp.url, pool: true, maxConnections, maxMessages: Infinity });
  const text = 'Hello Ada,\n\nThe webinar starts in an hour: https://example.com/webinar\n\nTrellis\n';
  const html = `<html><body><p>Hello Ada,</p><p>The webinar starts in an hour: <a href="https://example.com/webinar">join here</a>.</p>${'<p>&nbsp;</p>'.repeat(8)}</body></html>`;
  await smtp.reset();
  const began = performance.now();
  try {
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        transport.sendMail({ from: { name: 'Trellis', address: 'trellis@localhost' }, to: `ceiling-${i}@bench.test`, subject: 'See you soon, Ada', text, html }),
      ),
    );
  } finally {
    transport.close();
  }
  return { perSecond: count / ((performance.now() - began) / 1000), connections: maxConnections };
}
