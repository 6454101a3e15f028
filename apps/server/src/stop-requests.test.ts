import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { onStopRequests, type StopReason } from './stop-requests.js';

function watch({ connected = true } = {}) {
  const proc = Object.assign(new EventEmitter(), { connected });
  let clock = 0;
  const calls: string[] = [];
  onStopRequests(
    { stop: (reason: StopReason) => calls.push(`stop ${reason}`), again: (reason: StopReason) => calls.push(`again ${reason}`) },
    proc,
    () => clock,
  );
  return { proc, calls, advance: (ms: number) => (clock += ms) };
}

describe('stop requests', () => {
  it('stops on the first signal and takes the echoes of one Ctrl-C (within a second) as that one request', () => {
    const { proc, calls, advance } = watch();
    proc.emit('SIGINT');
    advance(20);
    proc.emit('SIGINT');
    advance(900);
    proc.emit('SIGTERM');
    expect(calls).toEqual(['stop SIGINT']);
  });

  it('reads a signal a second or more after the first as "stop now"', () => {
    const { proc, calls, advance } = watch();
    proc.emit('SIGTERM');
    advance(1_000);
    proc.emit('SIGINT');
    expect(calls).toEqual(['stop SIGTERM', 'again SIGINT']);
  });

  it('stops when the parent that started it is gone (its IPC channel closed)', () => {
    const { proc, calls } = watch();
    proc.emit('disconnect');
    expect(calls).toEqual(['stop parent gone']);
  });

  it('goes on with a stop in hand when the parent goes away meanwhile', () => {
    const { proc, calls, advance } = watch();
    proc.emit('SIGINT');
    advance(5_000);
    proc.emit('disconnect');
    expect(calls).toEqual(['stop SIGINT']);
  });

  it('does not watch for a parent when started without a channel (node dist/main.js, as in Docker)', () => {
    const { proc, calls } = watch({ connected: false });
    proc.emit('disconnect');
    expect(calls).toEqual([]);
  });
});
