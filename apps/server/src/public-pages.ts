import type { PreferenceChoice } from '@trellis/channels';

/**
 * The small HTML pages recipients of an email see (no script, no outside resources). They say
 * nothing about any lead but, on the preferences page, a masked address; a bad link of any kind
 * gets the same "not found" page.
 */

export const PUBLIC_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // The token in the address is the lead's key to this page: never pass it on.
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
} as const;

export function publicPage(status: number, html: string): Response {
  // A fresh object each time: the Node adapter may write this response's length into it.
  return new Response(html, { status, headers: { ...PUBLIC_PAGE_HEADERS } });
}

export const notFoundPage = () => publicPage(404, page('Link not found', '<p>This link is not valid or has expired.</p>'));

export const tooManyRequestsPage = () =>
  publicPage(429, page('Too many requests', '<p>Too many requests from here. Please wait a minute and try again.</p>'));

export const unavailablePage = () =>
  publicPage(503, page('Please try again', '<p>Something went wrong on our side and nothing was changed. Please try again in a moment.</p>'));

export const badRequestPage = () => publicPage(400, page('Choose an option', '<p>Please go back and choose one of the options.</p>'));

const CHOICE_LABELS: Record<PreferenceChoice, { button: string; done: string }> = {
  email: { button: 'Unsubscribe from email', done: 'You will no longer receive email from us.' },
  sms: { button: 'Stop text messages', done: 'You will no longer receive text messages from us.' },
  everything: { button: 'Unsubscribe from everything', done: 'You will no longer hear from us on any channel.' },
};

/** The form posts back to the page's own address (the token is in it). */
export function preferencesPage(maskedEmail: string | null): Response {
  const who = maskedEmail ? `<p>Choose what ${escapeHtml(maskedEmail)} receives from us.</p>` : '<p>Choose what you receive from us.</p>';
  const buttons = (Object.keys(CHOICE_LABELS) as PreferenceChoice[])
    .map((choice) => `<button type="submit" name="choice" value="${choice}">${CHOICE_LABELS[choice].button}</button>`)
    .join('\n');
  return publicPage(200, page('Email preferences', `${who}\n<form method="post">\n${buttons}\n</form>`));
}

export function optedOutPage(choice: PreferenceChoice): Response {
  return publicPage(200, page('Preferences saved', `<p>${CHOICE_LABELS[choice].done}</p>`));
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; color: #1f2937; }
form { display: grid; gap: 0.75rem; margin-top: 1.5rem; }
button { font: inherit; padding: 0.75rem 1rem; border: 1px solid #9ca3af; border-radius: 0.5rem; background: #fff; cursor: pointer; }
button:hover { background: #f3f4f6; }
</style>
</head>
<body>
<h1>${title}</h1>
${body}
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
