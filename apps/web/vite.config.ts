import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// The gateway serves the production build (apps/web/dist) at `/`; `npx vite apps/web` serves a
// development copy that forwards the API to a running platform.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
  // Pure modules of libs/domain the forms share with the server (form-units: 元 ↔ fen, % ↔ bps), by file: the
  // package's index also holds server-only code.
  resolve: { alias: [{ find: /^@yixiang\/domain\/(.*)$/, replacement: fileURLToPath(new URL('../../libs/domain/src/$1', import.meta.url)) }] },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' } },
});
