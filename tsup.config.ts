import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', staffing: 'src/staffing/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  treeshake: true,
});
