// Builds and starts Switchboard the way users run it (Release build, own data folder, test seed, HTTPS on
// 127.0.0.1), waits for its discovery document, and stops it by process id. Node trusts the server's
// local CA through `ca` here (readiness probe) and NODE_EXTRA_CA_CERTS in the measuring process; no TLS
// check is disabled.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(new URL('../../..', import.meta.url).pathname);
export const SEED_PATH = path.join(REPO_ROOT, 'tests/seed/test-seed.json');
export const DLL_PATH = path.join(REPO_ROOT, 'src/Switchboard/bin/Release/net10.0/Switchboard.dll');
const READY_PATH = '/common/discovery/instance?api-version=1.1&authorization_endpoint=https://login.microsoftonline.com/common/oauth2/v2.0/authorize';

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}`))));
  });
}

/** `dotnet build src/Switchboard -c Release` (progress to stderr). */
export async function buildServer() {
  await run('dotnet', ['build', 'src/Switchboard', '-c', 'Release', '--nologo', '-v', 'quiet'], { cwd: REPO_ROOT, stdio: ['ignore', process.stderr, process.stderr] });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function get(url, ca) {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ca, timeout: 5_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
  });
}

/**
 * Starts the server on a fresh data folder; resolves once the discovery document answers 200.
 * Returns { url, dataDir, caPath, logPath, pid, stop() }.
 */
export async function startServer({ timeoutMs = 90_000 } = {}) {
  if (!existsSync(DLL_PATH)) throw new Error(`${DLL_PATH} is missing: build the server (dotnet build src/Switchboard -c Release)`);
  const port = await freePort();
  const url = `https://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-callbench-'));
  const logPath = path.join(dataDir, 'server.log');
  const log = openSync(logPath, 'a');
  const child = spawn('dotnet', [DLL_PATH, '--data', path.join(dataDir, 'data'), '--seed', SEED_PATH, '--urls', url], {
    cwd: REPO_ROOT,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  let exited = null;
  child.on('exit', (code, signal) => { exited = code ?? signal; });

  const caPath = path.join(dataDir, 'data', 'tls', 'ca.pem');
  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      const gone = await Promise.race([
        new Promise((resolve) => child.once('exit', () => resolve(true))),
        new Promise((resolve) => setTimeout(() => resolve(false), 10_000)),
      ]);
      if (!gone && exited === null) child.kill('SIGKILL');
    }
  };
  const server = { url, port, dataDir, caPath, logPath, pid: child.pid, stop, get exited() { return exited; } };

  const started = Date.now();
  for (;;) {
    if (exited !== null) throw Object.assign(new Error(`the server exited (${exited}) before it was ready:\n${tail(logPath)}`), { server });
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw Object.assign(new Error(`the server did not answer within ${timeoutMs / 1000} s:\n${tail(logPath)}`), { server });
    }
    if (existsSync(caPath)) {
      try {
        if ((await get(url + READY_PATH, readFileSync(caPath))) === 200) break;
      } catch {
        // not listening yet
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  server.readyMs = Date.now() - started;
  return server;
}

export function removeDataDir(server) {
  rmSync(server.dataDir, { recursive: true, force: true });
}

export function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
