/**
 * Vite configuration of the web client. Run from the repository root:
 *   npx vite build --config web/vite.config.ts   → web/dist (served by the giaoban server)
 *   npx vite --config web/vite.config.ts         → dev server, proxying the API and signaling to :3000
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const serverOrigin = 'http://127.0.0.1:3000';

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
  },
  server: {
    // web/ imports ../shared (the contract with the server).
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': { target: serverOrigin, changeOrigin: false },
      '/ws': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
});
