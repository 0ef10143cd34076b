import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Capability, platformCapability } from '../../src/platform/index.js';

const fixture = fileURLToPath(new URL('../fixtures/sample-capability/migrations/', import.meta.url));

/**
 * The platform plus a sample capability whose migrations live in a temporary copy, so a test can
 * add, change or remove migration files as a developer would.
 */
export function sampleCapabilities(): { capabilities: Capability[]; migrationsDir: string; write(file: string, sql: string): void } {
  const migrationsDir = mkdtempSync(path.join(tmpdir(), 'joinedup-migrations-'));
  cpSync(fixture, migrationsDir, { recursive: true });
  return {
    capabilities: [platformCapability, { name: 'sample', schema: 'sample', migrationsDir }],
    migrationsDir,
    write: (file, sql) => { writeFileSync(path.join(migrationsDir, file), sql); },
  };
}
