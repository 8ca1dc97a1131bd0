// Builds the web console into dist/console (index.html, app.js, app.css) with esbuild: one
// minified bundle for es2022 with its source map, no CDN, no inline script (the server's CSP
// forbids them). Run by `make build`; `buildConsole(dir)` lets tests build into a temp dir.
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');

export async function buildConsole(outDir = join(root, 'dist', 'console')): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [
      { in: join(root, 'console/src/main.tsx'), out: 'app' },
      { in: join(root, 'console/src/app.css'), out: 'app' },
    ],
    outdir: outDir,
    bundle: true,
    minify: true,
    sourcemap: true,
    target: 'es2022',
    format: 'esm',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(root, 'console/tsconfig.json'),
    legalComments: 'none',
    logLevel: 'warning',
  });
  await copyFile(join(root, 'console/index.html'), join(outDir, 'index.html'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildConsole(process.argv[2]);
