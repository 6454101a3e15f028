import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { TemplateProblem } from './template-library.js';

/**
 * Where a webhook may go. Webhook URLs are written by marketers, and the server posts lead data
 * to them from inside the network it runs in; so only public addresses are reached, unless an
 * admin allows a host or a range with `TRELLIS_WEBHOOK_ALLOW` (a receiver on the same machine
 * in development, one on the internal network). Two checks, one rule:
 * - `webhookUrlProblem` reads the URL as written (scheme, a literal address, `localhost`): used
 *   when a webhook URL is saved and again when it is delivered;
 * - `nonPublicAddress` judges each address a host name resolves to, inside the lookup of
 *   the very connection that posts (signed-post.ts), so a name that answers differently a
 *   moment later (DNS rebinding) cannot slip past it.
 */

export const WEBHOOK_ALLOW_VARIABLE = 'TRELLIS_WEBHOOK_ALLOW';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

export interface WebhookAllowList {
  /** Host names, lower case, without a trailing dot. */
  hosts: ReadonlySet<string>;
  ranges: readonly (readonly [Address, number])[];
}

export const NOTHING_ALLOWED: WebhookAllowList = { hosts: new Set(), ranges: [] };

/** `host,host,cidr,…` (a bare address is a range of one); throws naming the entry it cannot read. */
export function parseWebhookAllow(text: string | null | undefined): WebhookAllowList {
  const hosts = new Set<string>();
  const ranges: [Address, number][] = [];
  for (const raw of (text ?? '').split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const bare = entry.replace(/^\[(.*)\]$/, '$1');
    if (entry.includes('/')) {
      try {
        ranges.push(ipaddr.parseCIDR(entry));
      } catch {
        throw unreadable(entry);
      }
    } else if (isIP(bare)) {
      const address = ipaddr.parse(bare);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(entry)) {
      hosts.add(hostKey(entry));
    } else {
      throw unreadable(entry);
    }
  }
  return { hosts, ranges };
}

function unreadable(entry: string): Error {
  return new Error(`${WEBHOOK_ALLOW_VARIABLE}: "${entry}" is neither a host name nor a CIDR range (such as 10.0.0.0/8 or fd00::/8)`);
}

/**
 * Why a webhook may not be posted to `url` as it is written, or null. Says nothing about a
 * host name's addresses: those are checked on connecting.
 */
export function webhookUrlProblem(url: string, allow: WebhookAllowList): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'a webhook must be an https:// URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'a webhook must be an https:// URL';
  const host = hostOf(parsed);
  const admitted = allow.hosts.has(host) || (isIP(host) !== 0 && inRanges(ipaddr.parse(host), allow));
  if (admitted) return null;
  const refused = isIP(host) ? nonPublicAddress(host, allow) : null;
  if (refused) return `${host} is ${refused}, which webhooks may not reach`;
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is this machine, which webhooks may not reach`;
  // Plain http would let anyone on the path read and change lead data.
  if (parsed.protocol === 'http:') return `plain http:// is only for hosts an admin allows (${WEBHOOK_ALLOW_VARIABLE}); use https://`;
  return null;
}

/**
 * A webhook template's URL (its body) as a save problem, by the rule delivery applies, so a
 * marketer hears at once what delivery would refuse. Other channels and bodies that are not
 * text are left to the template's own checks.
 */
export function webhookTemplateProblems(
  template: { channel?: unknown; body?: unknown },
  allow: WebhookAllowList = NOTHING_ALLOWED,
): TemplateProblem[] {
  if (template.channel !== 'webhook' || typeof template.body !== 'string') return [];
  const problem = webhookUrlProblem(template.body, allow);
  return problem ? [{ code: 'bad_url', message: problem, path: ['body'] }] : [];
}

/** What kind of non-public address this is ("a loopback address"), or null for a public or allowed one. */
export function nonPublicAddress(address: string, allow: WebhookAllowList): string | null {
  const parsed = ipaddr.parse(address);
  if (inRanges(parsed, allow)) return null;
  const kind = nonPublicKind(parsed);
  return kind === null ? null : `${kind} address`;
}

/** The host of a URL as the allow-list names it: lower case, no brackets, no trailing dot. */
export function hostOf(url: URL): string {
  return hostKey(url.hostname.replace(/^\[(.*)\]$/, '$1'));
}

export type ResolveHost = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** The system's resolver, as connections use it (hosts file included). */
export const resolveWithSystem: ResolveHost = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** Only IPv4 and IPv6 global unicast is public; the range names are ipaddr.js's. */
const NON_PUBLIC: Record<string, string> = {
  unspecified: 'an unspecified',
  broadcast: 'a broadcast',
  multicast: 'a multicast',
  linkLocal: 'a link-local',
  loopback: 'a loopback',
  carrierGradeNat: 'a carrier-grade NAT',
  private: 'a private',
  uniqueLocal: 'a unique local (private)',
  reserved: 'a reserved',
  benchmarking: 'a reserved',
  discard: 'a reserved',
  deprecatedSiteLocal: 'a site-local (private)',
  as112: 'a reserved',
  as112v6: 'a reserved',
  amt: 'a reserved',
  orchid2: 'a reserved',
  deprecatedOrchid: 'a reserved',
  droneRemoteIdProtocolEntityTags: 'a reserved',
  segmentRouting: 'a reserved',
  '6to4': 'a tunnelled (6to4)',
  teredo: 'a tunnelled (Teredo)',
};

function nonPublicKind(address: Address): string | null {
  const embedded = embeddedIPv4(address);
  // An IPv4-mapped, -compatible or NAT64 address reaches the IPv4 address inside it.
  if (embedded) return nonPublicKind(embedded);
  const range = address.range();
  if (range === 'unicast') return null;
  return NON_PUBLIC[range] ?? 'a reserved';
}

/** The IPv4 address an IPv6 one stands for: ::ffff:a.b.c.d, ::a.b.c.d, ::ffff:0:a.b.c.d, 64:ff9b::a.b.c.d. */
function embeddedIPv4(address: Address): ipaddr.IPv4 | null {
  if (address.kind() !== 'ipv6') return null;
  const v6 = address as ipaddr.IPv6;
  const range = v6.range();
  const compatible = v6.parts.slice(0, 6).every((part) => part === 0) && range !== 'unspecified' && range !== 'loopback';
  const nat64 = v6.match(NAT64_WELL_KNOWN);
  if (!compatible && !nat64 && range !== 'ipv4Mapped' && range !== 'rfc6145') return null;
  return new ipaddr.IPv4(v6.toByteArray().slice(12));
}

/** RFC 6052's well-known prefix, the one that carries the IPv4 address in its last 32 bits. */
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96') as [ipaddr.IPv6, number];

/** Allowing 127.0.0.1 allows ::ffff:127.0.0.1 too: both reach the same host. */
function inRanges(address: Address, allow: WebhookAllowList): boolean {
  const forms = [address, embeddedIPv4(address)].filter((form): form is Address => form !== null);
  return forms.some((form) => allow.ranges.some(([base, bits]) => base.kind() === form.kind() && form.match(base, bits)));
}

function hostKey(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}
