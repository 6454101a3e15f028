/**
 * The slots deliveries run in: at most `size` at once. Delivery claims sends only for slots
 * already free and holds a slot from the claim until the send is marked, so sends claimed and
 * not yet marked never outnumber the slots: that is the bound on what a crash redelivers.
 */
export class DeliverySlots {
  #active = 0;
  #waiting: { count: number; resolve: () => void }[] = [];
  #failure: { error: unknown } | null = null;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`delivery slots: size must be a whole number ≥ 1; got ${size}`);
  }

  get free(): number {
    return this.size - this.#active;
  }

  /** Resolves once at least `count` slots (at most all of them) are free. */
  whenFree(count: number): Promise<void> {
    const wanted = Math.min(Math.max(count, 1), this.size);
    if (this.free >= wanted) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.push({ count: wanted, resolve }));
  }

  /** Resolves once nothing runs. */
  idle(): Promise<void> {
    return this.whenFree(this.size);
  }

  /** Runs `task` in one of the free slots; a task that throws is kept for `takeFailure`. */
  run(task: () => Promise<void>): void {
    if (this.free < 1) throw new Error('delivery slots: no slot is free');
    this.#active++;
    task()
      .catch((error: unknown) => {
        this.#failure ??= { error };
      })
      .finally(() => {
        this.#active--;
        this.#waiting = this.#waiting.filter((waiter) => (this.free >= waiter.count ? (waiter.resolve(), false) : true));
      });
  }

  /** The first failure since the last call, if any. */
  takeFailure(): { error: unknown } | null {
    const failure = this.#failure;
    this.#failure = null;
    return failure;
  }
}
