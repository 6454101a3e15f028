/** A binary min-heap of wake-ups ordered by time, then by insertion order (ties are FIFO). */
export interface WakeUp {
  at: number;
  seq: number;
  /** The lead to look at then; a lead whose next wake-up has moved since makes it stale. */
  leadIndex: number;
}

export class WakeQueue {
  private readonly items: WakeUp[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.items.length;
  }

  push(at: number, leadIndex: number): void {
    const item: WakeUp = { at, seq: this.nextSeq++, leadIndex };
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, items[parent]!)) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = item;
  }

  peek(): WakeUp | undefined {
    return this.items[0];
  }

  pop(): WakeUp | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    const n = items.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(items[right]!, items[left]!) ? right : left;
      if (!before(items[child]!, last)) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

function before(a: WakeUp, b: WakeUp): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
