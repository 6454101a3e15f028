import { createHmac } from 'node:crypto';

/**
 * A JSON POST to a webhook or a provider, signed so the receiver can check it came from this
 * instance: `X-Trellis-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. `Idempotency-Key`
 * carries the send's key, the same on every retry, so the receiver can drop a repeat.
 */

export const SIGNATURE_HEADER = 'X-Trellis-Signature';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export type PostResult = { ok: true; status: number } | { ok: false; error: string; permanent: boolean };

export function signBody(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export async function postSigned(
  url: string,
  body: unknown,
  { secret, idempotencyKey, timeoutMs }: { secret: string; idempotencyKey: string; timeoutMs: number },
): Promise<PostResult> {
  const rawBody = JSON.stringify(body);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Trellis',
        [IDEMPOTENCY_HEADER]: idempotencyKey,
        [SIGNATURE_HEADER]: signBody(secret, rawBody),
      },
      body: rawBody,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason = error as Error & { cause?: Error };
    if (reason.name === 'TimeoutError') return { ok: false, error: `POST ${url}: no answer within ${timeoutMs} ms`, permanent: false };
    return { ok: false, error: `POST ${url}: ${reason.cause?.message ?? reason.message}`, permanent: false };
  }
  // Only the status matters; drop the body so the connection is freed.
  await response.body?.cancel().catch(() => {});
  if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
  return {
    ok: false,
    error: `POST ${url}: HTTP ${response.status}`,
    // A 4xx other than a timeout or a rate limit will not change on a retry.
    permanent: response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429,
  };
}
