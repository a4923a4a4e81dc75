import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'

// Main and preload build to CommonJS (package.json has no "type": "module"):
// a sandboxed preload cannot load ESM.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // The headless host: `node out/main/server.js` runs without Electron.
          server: resolve(__dirname, 'src/main/server.ts'),
          // Every strategy runs in a worker thread started from this file (see src/main/strategy/runner/).
          'strategy-worker': resolve(__dirname, 'src/main/strategy/runner/strategy-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only `electron`: bundle everything else into it.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [vue()],
    // vue-i18n's esm-bundler feature flags, set so the bundle need not guess (and warn): the app uses
    // the Composition API only, with messages compiled at run time (__INTLIFY_DROP_MESSAGE_COMPILER__ stays false).
    define: {
      __VUE_I18N_FULL_INSTALL__: true,
      __VUE_I18N_LEGACY_API__: false,
      __INTLIFY_PROD_DEVTOOLS__: false,
    },
  },
})
