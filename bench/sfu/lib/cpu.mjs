// CPU time of processes from /proc/<pid>/stat (utime + stime, in clock ticks of 1/100 s).

import { readFileSync, readdirSync } from 'node:fs';

const TICKS = 100;

function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** CPU seconds used so far by a process. */
export function cpuSeconds(pid) {
  return (stat(pid)?.ticks ?? 0) / TICKS;
}

/** CPU seconds used so far by a process and all its descendants (chromium: browser, GPU, network, renderers). */
export function treeCpuSeconds(root) {
  const children = new Map();
  const ticks = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(entry);
    if (!s) continue;
    ticks.set(Number(entry), s.ticks);
    if (!children.has(s.ppid)) children.set(s.ppid, []);
    children.get(s.ppid).push(Number(entry));
  }
  let total = 0;
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop();
    total += ticks.get(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return total / TICKS;
}

/** The chromium process playwright started (a direct child of this node process). */
export function chromiumChildOf(parent) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(entry);
    if (s?.ppid !== parent) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('chromium')) return Number(entry);
    } catch { /* gone */ }
  }
  return null;
}
