import { PREFERENCE_CHOICES, type PreferenceChoice } from '@trellis/channels';
import type { HonoRequest } from 'hono';
import {
  badRequestPage,
  notFoundPage,
  optedOutPage,
  preferencesPage,
  publicPage,
  tooManyRequestsPage,
  unavailablePage,
} from '../public-pages.js';
import { publicTrackingOf } from '../public-tracking.js';
import { defineRoute, type RouteSpec } from '../route.js';

/**
 * The unsubscribe link of every email (also its List-Unsubscribe URL): a page to opt out of
 * email, text messages or everything, and the POST that does it. A mailbox provider's RFC 8058
 * one-click POST (`List-Unsubscribe=One-Click`) opts out of email, the list the message came
 * from. The answer comes after the event is committed, so the next send already sees it.
 */

/** Enough for the form's one field or the one-click body; anything longer is not ours. */
const MAX_FORM_BYTES = 4_096;

const pageRoute = defineRoute({
  method: 'get',
  path: '/t/u/:token',
  operationId: 'emailPreferencesPage',
  summary: 'The preferences page of an email’s unsubscribe link (HTML, no script). Showing it changes nothing.',
  roles: 'public',
  responses: { 200: { description: 'HTML page with the choices' }, 404: { description: 'HTML page: link not found' }, 429: { description: 'HTML page: too many requests' } },
  handle: async ({ c, options }) => {
    const tracking = publicTrackingOf(options);
    const token = c.req.param('token') ?? '';
    if (!tracking) return notFoundPage();
    if (!tracking.admit(c, token)) return tooManyRequestsPage();
    try {
      const target = await tracking.engagement.preferences(token);
      return target ? preferencesPage(target.maskedEmail) : notFoundPage();
    } catch (error) {
      tracking.log(`tracking: preferences page failed: ${(error as Error).message}`);
      return unavailablePage();
    }
  },
});

const optOutRoute = defineRoute({
  method: 'post',
  path: '/t/u/:token',
  operationId: 'emailOptOut',
  summary:
    'Opts the lead out: form field `choice` = `email` | `sms` | `everything`, or the one-click body `List-Unsubscribe=One-Click` (email). ' +
    'Records `lead_updated` with `{ consent: { <channel>: "opted_out" } }` for one channel, `unsubscribed` for everything, committed before the answer.',
  roles: 'public',
  responses: {
    200: { description: 'HTML page confirming the choice' },
    400: { description: 'HTML page: no known choice in the body' },
    404: { description: 'HTML page: link not found' },
    429: { description: 'HTML page: too many requests' },
  },
  handle: async ({ c, options }) => {
    const tracking = publicTrackingOf(options);
    const token = c.req.param('token') ?? '';
    if (!tracking) return notFoundPage();
    if (!tracking.admit(c, token)) return tooManyRequestsPage();
    const choice = await readChoice(c.req);
    if (choice === 'too_large') return publicPage(413, '<!doctype html><title>Too large</title><p>That request is too large.</p>');
    if (choice === null) return badRequestPage();
    try {
      return (await tracking.engagement.optOut(token, choice)) ? optedOutPage(choice) : notFoundPage();
    } catch (error) {
      tracking.log(`tracking: opt-out failed: ${(error as Error).message}`);
      return unavailablePage();
    }
  },
});

/** The choice in a urlencoded or multipart form body; null when it names none. */
async function readChoice(request: HonoRequest): Promise<PreferenceChoice | null | 'too_large'> {
  const declared = Number(request.header('content-length') ?? '0');
  if (declared > MAX_FORM_BYTES) return 'too_large';
  const type = request.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return null;
  let form: Record<string, unknown>;
  try {
    form = await request.parseBody();
  } catch {
    return null;
  }
  const choice = form.choice;
  if (typeof choice === 'string' && (PREFERENCE_CHOICES as readonly string[]).includes(choice)) return choice as PreferenceChoice;
  if (choice === undefined && form['List-Unsubscribe'] === 'One-Click') return 'email';
  return null;
}

export const preferenceRoutes: readonly RouteSpec[] = [pageRoute, optOutRoute];
