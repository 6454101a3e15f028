/** What a run leaves behind, in the wire shapes of the journey format's "Outcomes and paths". */

export const BUILT_IN_OUTCOMES = ['converted', 'disqualified', 'completed', 'goal', 'exited', 'removed'] as const;

export interface PathStep {
  nodeId: string;
  /** ISO 8601, UTC: when the lead entered the node. */
  at: string;
  /** The handle by which it left, once it has. */
  handle?: string;
  /** A cadence's touch (journey-format.md "Additions"): its number, from 0. The cadence's own step carries the handle. */
  touch?: number;
}

export const SEND_STATUSES = ['sent', 'suppressed', 'capped', 'failed'] as const;
export type SendStatus = (typeof SEND_STATUSES)[number];

export interface SendRecord {
  nodeId: string;
  channel: string;
  template: string;
  at: string;
  status: SendStatus;
  /** A cadence's touch: its number, from 0. */
  touch?: number;
}
