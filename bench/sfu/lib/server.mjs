// Starts Switchboard with Calling:Janus:Mode=launch, so the Janus measured is the one the server launches
// with its own generated configuration; reads the API address, API secret and admin key from the files the
// server wrote (<data>/janus/*.jcfg) and finds the Janus process id in /proc.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(new URL('../../..', import.meta.url).pathname);
const DLL_PATH = path.join(REPO_ROOT, 'src/Switchboard/bin/Release/net10.0/Switchboard.dll');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
  });
}

const setting = (text, key) => text.match(new RegExp(`${key}\\s*=\\s*"?([^"\\n]+)"?`))?.[1];

function janusPid(folder) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (path.basename(cmd[0]) === 'janus' && cmd.includes(folder)) return Number(entry);
    } catch { /* gone */ }
  }
  return null;
}

export async function startServer({ timeoutMs = 90_000 } = {}) {
  if (!existsSync(DLL_PATH)) throw new Error(`${DLL_PATH} is missing: dotnet build src/Switchboard -c Release`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-sfubench-'));
  const logPath = path.join(dataDir, 'server.log');
  const log = openSync(logPath, 'a');
  const port = await freePort();
  const child = spawn('dotnet', [DLL_PATH, '--data', path.join(dataDir, 'data'), '--urls', `https://127.0.0.1:${port}`,
    '--Calling:Janus:Mode=launch', '--Calling:Janus:RtpPortRange=42000-42999'], { cwd: REPO_ROOT, stdio: ['ignore', log, log] });
  closeSync(log);
  let exited = null;
  child.on('exit', (code, signal) => { exited = code ?? signal; });
  const folder = path.join(dataDir, 'data', 'janus');
  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 10_000))]);
      if (exited === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const started = Date.now();
  for (;;) {
    if (exited !== null) throw new Error(`the server exited (${exited}):\n${readFileSync(logPath, 'utf8').slice(-3000)}`);
    if (Date.now() - started > timeoutMs) { await stop(); throw new Error('Janus did not come up'); }
    const httpCfg = path.join(folder, 'janus.transport.http.jcfg');
    if (existsSync(httpCfg)) {
      const api = `http://127.0.0.1:${setting(readFileSync(httpCfg, 'utf8'), 'port')}/janus`;
      try {
        if ((await fetch(`${api}/info`)).ok) {
          const core = readFileSync(path.join(folder, 'janus.jcfg'), 'utf8');
          const room = readFileSync(path.join(folder, 'janus.plugin.videoroom.jcfg'), 'utf8');
          return { api, apiSecret: setting(core, 'api_secret'), adminKey: setting(room, 'admin_key'), janusPid: janusPid(folder), serverPid: child.pid, stop };
        }
      } catch { /* not yet */ }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
