/**
 * A listener that throws (or rejects) must not take the server down with it, nor stop the
 * listeners after it: both executors call listeners through this guard, which reports the
 * failure in one line. Workers fall back to polling, so a lost wake-up delays, never loses, work.
 */
export function guardListener(
  channel: string,
  onNotify: (payload: string) => void,
  report: (line: string) => void = (line) => console.error(line),
): (payload: string) => void {
  const fail = (error: unknown) =>
    report(`a listener on ${channel} failed: ${error instanceof Error ? error.message : String(error)}`);
  return (payload) => {
    try {
      const result: unknown = onNotify(payload);
      if (result instanceof Promise) result.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}
