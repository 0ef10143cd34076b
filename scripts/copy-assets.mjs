// Copies the files tsc does not emit (SQL migrations) from src/ to dist/src/.
import { cpSync } from 'node:fs';

cpSync('src', 'dist/src', {
  recursive: true,
  filter: (source) => !/\.(ts|tsx)$/.test(source),
});
