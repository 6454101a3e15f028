import { markSendsDelivered, type DeliveredSend, type SqlExecutor } from '@trellis/store';

/**
 * Marks sends delivered in groups, as a database's group commit does: a send accepted while a
 * mark is committing waits for the next one, which carries every send accepted meanwhile. So a
 * busy delivery pays one statement and one commit (one WAL flush) for many sends, and a quiet
 * one marks a lone send at once, with no wait added. Each send keeps its delivery slot until
 * its own mark has committed, so the crash window stays `inFlight` sends.
 */
export interface DeliveredMarks {
  /** Resolves once the mark has committed: true, or false when the claim was no longer current. */
  mark(send: DeliveredSend): Promise<boolean>;
}

export function createDeliveredMarks(db: SqlExecutor): DeliveredMarks {
  type Waiting = { send: DeliveredSend; resolve: (marked: boolean) => void; reject: (error: unknown) => void };
  let waiting: Waiting[] = [];
  let committing = false;

  async function commitGroups(): Promise<void> {
    committing = true;
    // Sends accepted in the same turn of the event loop join this group: on PGlite a statement
    // runs on this thread, so a mark started at the first acceptance would block the others'
    // replies and commit one send at a time (measured: 7 ms a mark, 105 emails/s).
    await new Promise((resolve) => setImmediate(resolve));
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      try {
        const marked = new Set((await markSendsDelivered(db, group.map((item) => item.send))).map(({ leadId, id }) => key(leadId, id)));
        for (const item of group) item.resolve(marked.has(key(item.send.leadId, item.send.id)));
      } catch (error) {
        for (const item of group) item.reject(error);
      }
    }
    committing = false;
  }

  return {
    mark(send) {
      return new Promise((resolve, reject) => {
        waiting.push({ send, resolve, reject });
        if (!committing) void commitGroups();
      });
    },
  };
}

const key = (leadId: string, id: string) => JSON.stringify([leadId, id]);
