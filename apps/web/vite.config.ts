import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// The gateway serves the production build (apps/web/dist) at `/`; `npx vite apps/web` serves a
// development copy that forwards the API to a running platform.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // The few pure rules the web app must apply exactly as the services do (who may book, the
  // cancellation deadline, the calendar's slot kinds, form units 元 ↔ fen and % ↔ bps, settlement
  // ranges) are imported from libs/domain file by file: the package's index also holds server-only code.
  resolve: { alias: [{ find: /^@yixiang\/domain\/(.*)$/, replacement: fileURLToPath(new URL('../../libs/domain/src/$1', import.meta.url)) }] },
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' } },
});
