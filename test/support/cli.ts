// The built `joinedup` command, run as a person or script runs it: in a child process, with an
// environment that holds only what each test gives it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const cli = path.join(root, 'dist/src/cli/main.js');
if (!existsSync(cli)) throw new Error('Build first (npm run build): the CLI tests run the built command');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment without the caller's database settings, so each test says what it uses. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...extra };
  if (!('DATABASE_URL' in extra)) delete env.DATABASE_URL;
  delete env.JOINEDUP_DATA_DIR;
  delete env.PORT;
  return env;
}

/** Runs `joinedup <args>` to the end, with `input` (if given) on its standard input. */
export function runCli(args: string[], env: Record<string, string> = {}, input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end(input ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => { resolve({ code, stdout, stderr }); });
  });
}

/**
 * A folder of input files for one test file, removed after it: `file(name, content)` writes one
 * (a string as it is, anything else as JSON) and says where.
 */
export function inputFiles(prefix: string): { dir: string; file: (name: string, content: unknown) => string } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    file: (name, content) => {
      const at = path.join(dir, name);
      writeFileSync(at, typeof content === 'string' ? content : JSON.stringify(content));
      return at;
    },
  };
}
