/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { antdStyles } from './build/antd-styles';

const out = process.env.CREWDESK_OUT ?? 'dist';

export default defineConfig({
  root: resolve(__dirname, 'renderer'),
  base: './',
  plugins: [react(), antdStyles()],
  // Per checkout, not under node_modules (which worktrees may share).
  cacheDir: resolve(__dirname, '.cache/vite'),
  build: {
    outDir: resolve(__dirname, out, 'renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    sourcemap: false,
  },
  test: {
    root: __dirname,
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
  },
});
