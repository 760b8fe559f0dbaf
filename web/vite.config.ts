import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The application is served by Vigie's own server (src/api/web-routes.ts): same origin, strict CSP.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/fhir': 'http://127.0.0.1:8080' } },
});
