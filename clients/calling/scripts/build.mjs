// Builds dist/: calling.js (one ES module, es2022, with source map) bundled by esbuild from
// src/index.ts, and the type declarations emitted by tsc next to it (index.d.ts and one .d.ts per
// source file, all flat in dist/), with calling.d.ts re-exporting index.d.ts.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  entryPoints: [join(root, 'src/index.ts')],
  outfile: join(dist, 'calling.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  legalComments: 'none',
  banner: { js: `// Switchboard calling library ${version} (API of @azure/communication-calling). Built from clients/calling.` },
  logLevel: 'warning',
});

const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  process.exit(tsc.status ?? 1);
}

writeFileSync(join(dist, 'calling.d.ts'), "// Types of calling.js.\nexport * from './index.js';\n");
console.log('built dist/calling.js, dist/calling.js.map and dist/*.d.ts');
