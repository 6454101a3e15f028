import type { EventEmitter } from 'node:events';

/**
 * When the server is asked to stop: SIGINT, SIGTERM, or its parent gone. `npm start` runs the
 * server as its child with an IPC channel; the channel closes when the parent dies, SIGKILL
 * included, so a killed start command never leaves a server holding the port and the data
 * directory. (Run directly, as in the Docker image, there is no channel and no parent to watch.)
 *
 * A terminal's Ctrl-C reaches every process of the foreground group, and npm and the start
 * command pass it on as well, so the server may see one Ctrl-C two or three times: signals
 * within ECHO_MS of the first are that one request. A signal after that is a second request
 * ("stop now"). The parent going away after a stop began changes nothing: the stop goes on.
 */

export const ECHO_MS = 1_000;

export type StopReason = 'SIGINT' | 'SIGTERM' | 'parent gone';

export interface StopHandlers {
  stop(reason: StopReason): void;
  again(reason: StopReason): void;
}

/** The part of `process` this reads; a test passes an EventEmitter. */
export type ProcessLike = Pick<EventEmitter, 'on'> & { connected?: boolean };

export function onStopRequests(handlers: StopHandlers, proc: ProcessLike = process, now: () => number = Date.now): void {
  let firstAt: number | null = null;
  const request = (reason: StopReason) => {
    if (firstAt === null) {
      firstAt = now();
      handlers.stop(reason);
    } else if (reason !== 'parent gone' && now() - firstAt >= ECHO_MS) {
      handlers.again(reason);
    }
  };
  proc.on('SIGINT', () => request('SIGINT'));
  proc.on('SIGTERM', () => request('SIGTERM'));
  if (proc.connected) proc.on('disconnect', () => request('parent gone'));
}
