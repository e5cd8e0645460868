import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The web app: four pages (landing, desk, customer chat, admin) built into dist/web, which the server serves.
// No dev server is needed: `npm start` builds, and the server does the rest.
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  base: '/',
  // React's automatic JSX runtime (Vite's default, stated): no plugin needed for a production build.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('./src/web/index.html', import.meta.url)),
        desk: fileURLToPath(new URL('./src/web/desk.html', import.meta.url)),
        chat: fileURLToPath(new URL('./src/web/chat.html', import.meta.url)),
        admin: fileURLToPath(new URL('./src/web/admin.html', import.meta.url)),
        inspector: fileURLToPath(new URL('./src/web/inspector/index.html', import.meta.url)),
      },
    },
  },
});
