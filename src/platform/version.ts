import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The package root, found from this file whether it runs from src/ (tests) or dist/src/ (built). */
export const packageRoot: string = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'joinedup') return dir;
    } catch {
      // not here: go up
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the joinedup package root above ${start}`);
    dir = parent;
  }
}

/** The running version of Joined Up, from package.json. */
export const appVersion: string = (
  JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }
).version;
