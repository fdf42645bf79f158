// Vite build of the govhall web UI.  `npm run build` writes web/dist, which
// `govhall serve --static web/dist` serves on the same origin as /api/v1.
// `npm run dev` proxies /api to a govhall on 127.0.0.1:8080 (make run).
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/element-plus') || id.includes('node_modules/@element-plus')) return 'element-plus'
          // charts only on the supervision pages: their own chunk, loaded there
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts'
          if (id.includes('node_modules')) return 'vendor'
        }
      }
    }
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' }
  }
})
