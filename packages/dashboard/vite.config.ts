import { defineConfig } from 'vite'

/**
 * The dashboard builds to static files in dist/, which the collector serves
 * at `/` (dashboard-plugin.ts). JSX is compiled by esbuild (automatic
 * runtime); no React plugin is needed for a production build.
 */
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The budget for first paint is 300 kB gzipped; warn well before.
    chunkSizeWarningLimit: 400,
  },
})
