import type { SimulatedLead } from '../api/client.js';

/**
 * Stand-ins for sales answering handoffs in a simulation. When a lead reaches a handoff is
 * known only after a run, so the panel runs once, answers each handoff visit from this mix,
 * and runs again (a visit a later answer causes is answered on the next pass).
 */

export interface AnswerMix {
  /** Percentages; what is left gets no answer, so the SLA expires. */
  accepted: number;
  recycled: number;
  disqualified: number;
  afterHours: number;
  /** Recycled leads are asked back this many days after the answer; null lets the journey decide. */
  returnAfterDays?: number | null;
}

export interface SalesAnswer {
  leadId: string;
  nodeId: string;
  answer: 'accepted' | 'recycled' | 'disqualified';
  at: string;
  returnAt?: string;
}

/** FNV-1a: the same lead, node and visit always draw the same answer, pass after pass. */
function unitHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 4294967296;
}

export function salesAnswers(leads: readonly SimulatedLead[], handoffIds: ReadonlySet<string>, mix: AnswerMix, seed: number): SalesAnswer[] {
  const answers: SalesAnswer[] = [];
  const returnAfterMs = mix.returnAfterDays ? mix.returnAfterDays * 86_400_000 : null;
  for (const lead of leads) {
    const visits = new Map<string, number>();
    // A handoff reached before a recycle's return date opens only then: answer after that.
    let opensNoEarlierThan = 0;
    for (const step of lead.path) {
      if (!handoffIds.has(step.nodeId)) continue;
      const visit = visits.get(step.nodeId) ?? 0;
      visits.set(step.nodeId, visit + 1);
      const draw = unitHash(`${seed}:${lead.id}:${step.nodeId}:${visit}`) * 100;
      const answer =
        draw < mix.accepted ? 'accepted' : draw < mix.accepted + mix.recycled ? 'recycled' : draw < mix.accepted + mix.recycled + mix.disqualified ? 'disqualified' : null;
      if (!answer) continue;
      const at = Math.max(Date.parse(step.at), opensNoEarlierThan) + mix.afterHours * 3_600_000;
      const reply: SalesAnswer = { leadId: lead.id, nodeId: step.nodeId, answer, at: new Date(at).toISOString() };
      if (answer === 'recycled' && returnAfterMs !== null) {
        opensNoEarlierThan = at + returnAfterMs;
        reply.returnAt = new Date(opensNoEarlierThan).toISOString();
      }
      answers.push(reply);
    }
  }
  return answers;
}

export function sameAnswers(a: readonly SalesAnswer[], b: readonly SalesAnswer[]): boolean {
  return a.length === b.length && a.every((x, i) => JSON.stringify(x) === JSON.stringify(b[i]));
}
