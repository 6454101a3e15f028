import { journeySchema, NODE_TYPES, type NodeType } from '@trellis/journey';
import type { LeadJourneyVersion } from '@trellis/store';
import { z } from 'zod';

/**
 * Names for the ids in a lead's answers, so operators and sales (who may not read journeys)
 * see "Speed to lead" and "Call them" where the rows say `speed-to-lead` and `call`. A step is
 * named as the version its run is on drew it.
 */

export const stepNameFields = {
  journeyName: z.string().nullable().describe("the journey's name now; null when the journey is unknown"),
  nodeLabel: z.string().nullable().describe("the step's label in the run's version; null when it has none"),
  nodeType: z.enum(NODE_TYPES).nullable().describe("the step's type in the run's version; null when the step is not in it"),
};

export interface StepNames {
  journeyName: string | null;
  nodeLabel: string | null;
  nodeType: NodeType | null;
}

interface NodeName {
  label: string | null;
  type: NodeType;
}

export class LeadNames {
  private readonly journeyNames = new Map<string, string>();
  private readonly nodes = new Map<string, Map<string, NodeName>>();

  /** `versions`: the published versions the lead's runs are on (the store's `leadJourneyVersions`). */
  constructor(versions: readonly LeadJourneyVersion[]) {
    for (const v of versions) {
      this.journeyNames.set(v.journeyId, v.journeyName);
      this.nodes.set(versionKey(v.journeyId, v.version), nodeNamesOf(v.document));
    }
  }

  of(journeyId: string | null, version: number | null, nodeId: string | null): StepNames {
    const journeyName = journeyId === null ? null : (this.journeyNames.get(journeyId) ?? null);
    const node = journeyId === null || version === null || nodeId === null ? undefined : this.nodes.get(versionKey(journeyId, version))?.get(nodeId);
    return { journeyName, nodeLabel: node?.label ?? null, nodeType: node?.type ?? null };
  }
}

const versionKey = (journeyId: string, version: number) => `${version}:${journeyId}`;

/** A published document passed validation; one that no longer parses names nothing rather than failing the read. */
function nodeNamesOf(document: unknown): Map<string, NodeName> {
  const parsed = journeySchema.safeParse(document);
  if (!parsed.success) return new Map();
  return new Map(
    parsed.data.nodes.map((node) => {
      const label = node.data.label?.trim();
      return [node.id, { label: label ? label : null, type: node.type }];
    }),
  );
}
