/** CPU time of this process and of its workerd children (Linux /proc), for per-request CPU figures. */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function workerdTicks(): number | null {
  let total = 0;
  let found = false;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (comm !== 'workerd' || Number(fields[1]) !== process.pid) continue;
      total += Number(fields[11]) + Number(fields[12]); // utime + stime
      found = true;
    }
  } catch {
    return null;
  }
  return found ? total : null;
}

export interface CpuSample {
  workerdMs: number | null;
  nodeMs: number;
}

/** Starts a measurement; the returned function gives the CPU ms used since by workerd and by Node. */
export function cpuMeter(): () => CpuSample {
  const w0 = workerdTicks();
  const n0 = process.cpuUsage();
  return () => {
    const w1 = workerdTicks();
    const n = process.cpuUsage(n0);
    return { workerdMs: w0 === null || w1 === null ? null : ((w1 - w0) * 1000) / TICKS_PER_SECOND, nodeMs: (n.user + n.system) / 1000 };
  };
}
