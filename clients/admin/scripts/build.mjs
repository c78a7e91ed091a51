// Builds dist/: admin.js (the portal, one ES module bundled by esbuild with msal-browser), and the
// static index.html and admin.css copied as they are. The server's build copies dist/ to admin/.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  entryPoints: [join(root, 'src/admin.ts')],
  outfile: join(dist, 'admin.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
for (const file of ['index.html', 'admin.css']) {
  copyFileSync(join(root, 'src', file), join(dist, file));
}
console.log('built dist/admin.js, dist/index.html, dist/admin.css');
