#!/usr/bin/env node
// Call-setup benchmark: Switchboard's calling library (/sdk/calling.js, @azure/communication-calling's API)
// next to a bare WebRTC connection between the same two pages, measured in the same run.
//
//   cd bench/calling && npm ci && node setup.mjs [--calls 20] [--warmup 2] [--poll-ms 20] [--relay websocket|playwright] [--out FILE] [--no-build]
//
// This process builds the server (Release), starts it on a fresh data folder and a free port of
// 127.0.0.1, then re-executes itself with NODE_EXTRA_CA_CERTS=<data>/tls/ca.pem (node trusts the server's
// local CA; nothing disables TLS checks) to measure, and stops the server by process id at the end.

import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { buildServer, removeDataDir, startServer, tail, REPO_ROOT } from './lib/server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    calls: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '2' },
    'poll-ms': { type: 'string', default: '20' },
    'timeout-ms': { type: 'string', default: '20000' },
    relay: { type: 'string', default: 'websocket' },
    out: { type: 'string', default: path.join(REPO_ROOT, 'bench/results/calling.md') },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    'no-build': { type: 'boolean', default: false },
    'keep-data': { type: 'boolean', default: false },
    child: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const log = (message) => process.stderr.write(`[${new Date().toISOString().slice(11, 23)}] ${message}\n`);

if (args.help) {
  console.log(`node setup.mjs [--calls N] [--warmup N] [--poll-ms MS] [--timeout-ms MS] [--relay websocket|playwright] [--out FILE] [--chromium PATH] [--no-build] [--keep-data]
  --calls      measured calls per path (default 20); --warmup: discarded calls per path first (default 2)
  --poll-ms    getStats() polling interval for the first decoded frame (default 20)
  --relay      how the bare baseline's offer, answer and candidates go between the pages: websocket (default;
               a bare WebSocket relay in this process, one hop like the library's) or playwright
               (page.exposeFunction and page.evaluate; slow under load, see bench/README.md)
  --out        the report (default bench/results/calling.md); it also goes to stdout, progress to stderr
  --no-build   use the existing src/Switchboard/bin/Release/net10.0/Switchboard.dll
  --keep-data  keep the server's temporary data folder (and server.log)`);
  process.exit(0);
}

if (args.child) {
  await child();
  process.exit(0);
} else {
  await parent();
}

async function parent() {
  if (!args['no-build']) {
    log('building the server (dotnet build src/Switchboard -c Release)');
    await buildServer();
  }
  log('starting the server');
  const loadBefore = os.loadavg()[0].toFixed(2);
  const server = await startServer();
  log(`server ${server.url} (pid ${server.pid}) ready in ${server.readyMs} ms; data ${server.dataDir}`);

  let measuring;
  const shutdown = async (code) => {
    if (measuring && measuring.exitCode === null) measuring.kill('SIGTERM');
    await server.stop();
    if (code !== 0 || args['keep-data']) log(`server log: ${server.logPath}`);
    if (!args['keep-data'] && code === 0) removeDataDir(server);
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void shutdown(130));

  const childArgs = [fileURLToPath(import.meta.url), '--child', '--calls', args.calls, '--warmup', args.warmup, '--poll-ms', args['poll-ms'],
    '--timeout-ms', args['timeout-ms'], '--relay', args.relay, '--out', args.out, '--chromium', args.chromium];
  measuring = spawn(process.execPath, childArgs, {
    cwd: HERE,
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: server.caPath, BENCH_URL: server.url, BENCH_SERVER_READY_MS: String(server.readyMs), BENCH_LOAD_BEFORE: loadBefore },
  });
  const code = await new Promise((resolve) => measuring.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
  if (code !== 0) log(`the measurement failed (exit ${code}); last server log lines:\n${tail(server.logPath, 20)}`);
  if (server.exited !== null) log(`the server exited early (${server.exited})`);
  await shutdown(code);
}

async function child() {
  const { measure } = await import('./lib/measure.mjs');
  const { buildReport } = await import('./lib/report.mjs');
  const url = process.env.BENCH_URL;
  if (!url) throw new Error('--child is internal: run node setup.mjs');
  const options = { calls: Number(args.calls), warmup: Number(args.warmup), pollMs: Number(args['poll-ms']), timeoutMs: Number(args['timeout-ms']), relayMode: args.relay };
  if (!['websocket', 'playwright'].includes(options.relayMode)) throw new Error('--relay is websocket or playwright');
  const result = await measure({ url, ...options, chromiumPath: args.chromium, log });

  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['-C', REPO_ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  const cpus = os.cpus();
  const machine = {
    cores: cpus.length,
    cpu: cpus[0]?.model?.trim() ?? 'unknown CPU',
    memGb: (os.totalmem() / 2 ** 30).toFixed(1),
    loadBefore: process.env.BENCH_LOAD_BEFORE ?? '?',
    loadAfter: os.loadavg()[0].toFixed(2),
    commit,
    playwright: JSON.parse(readFileSync(path.join(HERE, 'node_modules/playwright-core/package.json'), 'utf8')).version,
  };
  const report = buildReport({ result, options, machine, server: { readyMs: process.env.BENCH_SERVER_READY_MS } });
  console.log(report);
  mkdirSync(path.dirname(args.out), { recursive: true });
  writeFileSync(args.out, report + '\n');
  // Every call's marks, for a closer look (bench/calling/out/ is not tracked).
  mkdirSync(path.join(HERE, 'out'), { recursive: true });
  writeFileSync(path.join(HERE, 'out', 'raw.json'), JSON.stringify({ options, machine, ...result }, null, 1));
  log(`report written to ${args.out}; every call's marks in bench/calling/out/raw.json`);
}
