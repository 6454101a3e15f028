/**
 * A/B splits must be random across leads yet stable for one lead: the same lead, journey and
 * split node always land in the same variant, in the simulator and in the live engine alike,
 * and on every re-entry. So the draw is a hash, not Math.random().
 */

/** FNV-1a, 32 bit: tiny, fast, and well spread for short keys like ids. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // A final avalanche so that ids differing only in their last character spread evenly.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A number in [0, 1) fixed by the lead, the journey and the split node. */
export function stableDraw(journeyKey: string, nodeId: string, leadId: string): number {
  return fnv1a(`${journeyKey}\u0000${nodeId}\u0000${leadId}`) / 0x1_0000_0000;
}

/** Picks a variant by relative weight; weights are validated positive before a journey runs. */
export function pickVariant<V extends { weight: number }>(variants: readonly V[], draw: number): V {
  let total = 0;
  for (const variant of variants) total += variant.weight > 0 ? variant.weight : 0;
  let threshold = draw * total;
  for (const variant of variants) {
    const weight = variant.weight > 0 ? variant.weight : 0;
    if (threshold < weight) return variant;
    threshold -= weight;
  }
  return variants[variants.length - 1]!;
}
