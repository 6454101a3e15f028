import { notFoundPage, tooManyRequestsPage, unavailablePage } from '../public-pages.js';
import { publicTrackingOf } from '../public-tracking.js';
import { defineRoute, type RouteSpec } from '../route.js';

/**
 * The links inside sent email: click redirects and the open pixel. Public (no bearer token),
 * rate limited; see packages/channels (tracking-token.ts, engagement.ts) for what they record.
 */

const clickRoute = defineRoute({
  method: 'get',
  path: '/t/c/:token',
  operationId: 'followEmailLink',
  summary:
    'A link in an email: records `email_clicked` (props `url`, `sendId`, `journeyId`, `nodeId`) and redirects to the URL the email linked to. ' +
    'A tampered, expired or unknown token gets a plain 404 page; too many requests a 429 page.',
  roles: 'public',
  responses: { 302: { description: 'Redirect to the linked URL' }, 404: { description: 'HTML page: link not found' }, 429: { description: 'HTML page: too many requests' } },
  handle: async ({ c, options }) => {
    const tracking = publicTrackingOf(options);
    const token = c.req.param('token') ?? '';
    if (!tracking) return notFoundPage();
    if (!tracking.admit(c, token)) return tooManyRequestsPage();
    let url: string | null;
    try {
      // HEAD is a link checker asking where the link goes, not a person following it.
      url = c.req.method === 'HEAD' ? await tracking.engagement.clickTarget(token) : await tracking.engagement.click(token);
    } catch (error) {
      tracking.log(`tracking: click failed: ${(error as Error).message}`);
      return unavailablePage();
    }
    if (url === null) return notFoundPage();
    return new Response(null, { status: 302, headers: { location: url, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });
  },
});

/** The smallest transparent GIF (1×1). */
export const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const PIXEL_HEADERS = {
  'content-type': 'image/gif',
  'content-length': String(PIXEL_GIF.length),
  // Every open should reach us, not a cache.
  'cache-control': 'no-store, no-cache, must-revalidate, max-age=0',
  pragma: 'no-cache',
  expires: '0',
};

const openRoute = defineRoute({
  method: 'get',
  path: '/t/o/:token',
  operationId: 'emailOpenPixel',
  summary:
    'The open pixel: records `email_opened` at most once an hour per send (opens within 10 s of delivery carry `machine: true`). ' +
    'Always answers the 1×1 GIF, whatever the token, so a broken link shows nothing.',
  roles: 'public',
  responses: { 200: { description: 'image/gif, 1×1, not cacheable' } },
  handle: async ({ c, options }) => {
    const tracking = publicTrackingOf(options);
    const token = c.req.param('token') ?? '';
    if (c.req.method !== 'HEAD' && tracking?.admit(c, token)) {
      await tracking.engagement.open(token).catch((error: Error) => tracking.log(`tracking: open failed: ${error.message}`));
    }
    return new Response(new Uint8Array(PIXEL_GIF), { status: 200, headers: { ...PIXEL_HEADERS } });
  },
});

export const trackingRoutes: readonly RouteSpec[] = [clickRoute, openRoute];
