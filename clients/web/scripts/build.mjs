// Builds dist/client/ (the Teams-like client served at /) and dist/contoso/ (the Contoso sample's front
// end served at /samples/contoso/): one ES module bundle per app (esbuild, with msal-browser, signalr and
// the shared components), the app's index.html and the shared stylesheet. The calling library is not
// bundled: both apps load it from the server at /sdk/calling.js, as a customer app would load the SDK.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });

for (const app of ['client', 'contoso']) {
  const out = join(dist, app);
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(root, 'src', app, 'main.ts')],
    outfile: join(out, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'src', app, 'index.html'), join(out, 'index.html'));
  copyFileSync(join(root, 'src', 'shared', 'app.css'), join(out, 'app.css'));
}
console.log('built dist/client/ and dist/contoso/');
