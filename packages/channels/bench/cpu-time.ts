import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds spent so far by this process (every thread), by the receivers' process and by
 * every PostgreSQL process on the machine, read from /proc (Linux); null where it cannot be
 * read. Two readings around a phase say where the machine's cores went during it, so a bench
 * can say what a delivered email costs beside what the bare ceiling's does.
 */
export interface CpuSeconds {
  self: number;
  receivers: number | null;
  postgres: number | null;
}

const TICKS_PER_SECOND = 100;

/** utime + stime of one process, in seconds. */
function processSeconds(pid: number | string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields start after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

function postgresSeconds(): number | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  let total = 0;
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    total += processSeconds(pid) ?? 0;
  }
  return total;
}

export function cpuSeconds(receiversPid: number | undefined): CpuSeconds {
  const { user, system } = process.cpuUsage();
  return {
    self: (user + system) / 1e6,
    receivers: receiversPid === undefined ? null : processSeconds(receiversPid),
    postgres: postgresSeconds(),
  };
}

/** What each spent between two readings, per item (an email), in milliseconds. */
export function cpuPer(before: CpuSeconds, after: CpuSeconds, items: number): { self: number; receivers: number | null; postgres: number | null } {
  const per = (a: number | null, b: number | null) => (a === null || b === null ? null : ((b - a) * 1000) / items);
  return { self: per(before.self, after.self)!, receivers: per(before.receivers, after.receivers), postgres: per(before.postgres, after.postgres) };
}
