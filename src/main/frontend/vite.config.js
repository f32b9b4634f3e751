import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // Relative asset URLs: the page works under whatever context root the WAR is deployed at.
  base: './',
  server: { port: 5173, strictPort: true },
  test: { environment: 'jsdom' },
});
