// The `joinedup` command as a person or script runs it: the built CLI in a child process.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { cleanEnv, cli, runCli } from '../../test/support/cli.js';
import { createServerDatabase, serverUrl } from '../../test/support/databases.js';
import { openDatabase } from '../platform/index.js';
import { allMigrations } from '../joinedup.js';

const run = runCli;

// Each test here starts several processes, each opening its own database (a cold embedded PGlite
// takes seconds on a busy two-core machine), so the whole file gets a longer time limit.
vi.setConfig({ testTimeout: 120_000 });

interface Serving {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

const serving: Serving[] = [];
afterAll(() => {
  for (const s of serving) s.child.kill('SIGKILL');
});

/** Starts `joinedup serve` and resolves once it says where it is ready. */
function serve(args: string[], env: Record<string, string> = {}): Promise<Serving> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--host', '127.0.0.1', ...args], {
      env: cleanEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((r) => child.on('close', r));
    const onData = (d: Buffer): void => {
      output += d.toString();
      const ready = /ready at (http:\/\/[^\s]+)/.exec(output);
      if (ready?.[1]) {
        const s = { child, url: ready[1], output: () => output, exited };
        serving.push(s);
        resolve(s);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      reject(new Error(`serve exited with ${String(code)} before it was ready:\n${output}`));
    });
  });
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'joinedup-cli-'));
}

describe('joinedup --help', () => {
  it('lists every command with a line of help, the environment and the exit codes', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    for (const command of ['serve', 'migrate', 'backup', 'restore']) expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b[^\\n]*\\s{2,}[a-z]{3,} `, 'm'));
    expect(stdout).toContain('DATABASE_URL');
    expect(stdout).toMatch(/Exit codes:/);
    expect((await run(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits quietly when its reader stops early (joinedup --help | head -1)', async () => {
    const child = spawn(process.execPath, [cli, '--help'], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/EPIPE/);
  });
});

describe('bad input', () => {
  it('gets one clear message and a non-zero exit', async () => {
    const notADirectory = path.join(tempDir(), 'a-file');
    writeFileSync(notADirectory, '');
    const cases: [string[], Record<string, string>, number, RegExp][] = [
      [['serve', '--colour'], {}, 2, /unknown option '--colour'/],
      [['frobnicate'], {}, 2, /unknown command 'frobnicate'/],
      [['serve', '--port', '70000'], {}, 2, /--port must be a whole number from 0 to 65535, not 70000/],
      [['serve', '--port', 'eighty'], {}, 2, /--port must be a whole number/],
      [['migrate'], { DATABASE_URL: 'mysql://localhost/x' }, 2, /DATABASE_URL must start with postgres:\/\//],
      [['migrate'], { DATABASE_URL: 'postgres://127.0.0.1:1/nowhere' }, 3, /Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/nowhere/],
      [['migrate', '--data-dir', path.join(notADirectory, 'data')], {}, 3, /data directory .+ is not writable \(ENOTDIR\)/],
      [['backup'], {}, 2, /missing required argument 'file'/],
      [['backup', path.join(tempDir(), 'x.jub.gz'), '--data-dir', path.join(tempDir(), 'never-made')], {}, 3, /There is no Joined Up database in .+never-made/],
      ...(process.platform === 'linux' ? [[['migrate', '--data-dir', '/proc/joinedup/data'], {}, 3, /data directory \/proc\/joinedup\/data is not writable \(ENOENT\)/] as (typeof cases)[number]] : []),
    ];
    for (const [args, env, exit, message] of cases) {
      const result = await run(args, env);
      expect(result.code, args.join(' ')).toBe(exit);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr, args.join(' ')).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
    }
  });
});

describe('migrate', () => {
  it('brings a new data dir up to date, then finds nothing to do', async () => {
    const dataDir = tempDir();
    const check = await run(['migrate', '--check', '--data-dir', dataDir]);
    expect(check.code).toBe(4);
    expect(check.stdout).toMatch(/pending\s+platform\/0001\s+installation/);
    const first = await run(['migrate', '--data-dir', dataDir]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(new RegExp(`applied ${allMigrations().length} migration`));
    expect((await run(['migrate', '--check', '--data-dir', dataDir])).code).toBe(0);
    expect((await run(['migrate', '--data-dir', dataDir])).stderr).toMatch(/already up to date/);

    const notADirectory = path.join(tempDir(), 'a-file');
    writeFileSync(notADirectory, '');
    const unwritable = await run(['backup', path.join(notADirectory, 'x.jub.gz'), '--data-dir', dataDir]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/x\.jub\.gz cannot be written \(ENOTDIR\)/);
  });
});

describe('a database this version must not use', () => {
  it('is refused with exit 4 by migrate and serve: newer migrations, or a changed one', async () => {
    const dataDir = tempDir();
    expect((await run(['migrate', '--data-dir', dataDir])).code).toBe(0);
    const tamper = async (sql: string): Promise<void> => {
      const db = await openDatabase({ dataDir });
      await db.exec(sql);
      await db.close();
    };
    await tamper(`INSERT INTO platform.schema_migrations (capability, version, name, checksum) VALUES ('platform', 99, 'from-the-future', 'x')`);
    const ahead = await run(['serve', '--port', '0', '--data-dir', dataDir]);
    expect(ahead.code).toBe(4);
    expect(ahead.stderr).toMatch(/migrated by a newer version[\s\S]*platform\/0099 \(from-the-future\)/);

    await tamper(`DELETE FROM platform.schema_migrations WHERE version = 99; UPDATE platform.schema_migrations SET checksum = 'edited'`);
    const changed = await run(['migrate', '--data-dir', dataDir]);
    expect(changed.code).toBe(4);
    expect(changed.stderr).toMatch(/platform\/0001 \(installation\) was changed after it was applied/);
  });
});

describe('serve', () => {
  it('serves, keeps its data across restarts, and stops cleanly on SIGTERM', async () => {
    const dataDir = tempDir();
    const first = await serve(['--data-dir', dataDir], { LOG_LEVEL: 'info' });
    const ready = await fetch(`${first.url}/ready`);
    expect(ready.status).toBe(200);
    expect(first.output()).toMatch(/Creating the embedded database in .+ \(first start/);
    const before = (await (await fetch(`${first.url}/api/installation`)).json()) as { installation: { id: string } };

    const second = await run(['serve', '--port', '0', '--data-dir', dataDir]);
    expect(second.code).toBe(3);
    expect(second.stderr).toMatch(/in use by another Joined Up process \(pid \d+\)/);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/"msg":"stopped"/);
    expect(existsSync(path.join(dataDir, 'joinedup.lock'))).toBe(false);

    const again = await serve(['--data-dir', dataDir]);
    expect(again.output()).toMatch(/Opening the embedded database in /);
    const after = (await (await fetch(`${again.url}/api/installation`)).json()) as { installation: { id: string } };
    expect(after.installation.id).toBe(before.installation.id);

    const taken = new URL(again.url).port;
    const clash = await run(['serve', '--port', taken, '--host', '127.0.0.1', '--data-dir', tempDir()]);
    expect(clash.code).toBe(3);
    expect(clash.stderr).toMatch(new RegExp(`Port ${taken} on 127\\.0\\.0\\.1 is already in use`));

    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  });
});

describe('import and demo', () => {
  it('imports a file once (again changes nothing), refuses a file of no known kind with exit 7, and needs a source', async () => {
    const dataDir = tempDir();
    const records = path.join(tempDir(), 'pas.csv');
    writeFileSync(records, 'local_id,nhs_number,surname,forename,middle_name,date_of_birth,sex,address_line1,town,postcode,phone,date_of_death\nRZQ1,9990000018,Smith,Margaret,,1941-03-07,female,1 Sea Road,Tormouth,ZQ1 1AB,,\n');
    const first = await run(['import', records, '--source', 'hospital', '--data-dir', dataDir]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/1 rows read into hospital .*: 1 new, 0 changed, 0 unchanged, 0 rejected/);
    expect((await run(['import', records, '--source', 'hospital', '--data-dir', dataDir])).stderr).toMatch(/0 new, 0 changed, 1 unchanged/);
    const foreign = path.join(tempDir(), 'notes.csv');
    writeFileSync(foreign, 'name,colour\nfrog,green\n');
    const refused = await run(['import', foreign, '--source', 'hospital', '--data-dir', dataDir]);
    expect(refused.code).toBe(7);
    expect(refused.stderr).toMatch(/FAILED: The CSV header \(name, colour\) is not one of a known kind/);
    const unsourced = await run(['import', records, '--data-dir', dataDir]);
    expect(unsourced.code).toBe(2);
    expect(unsourced.stderr).toMatch(/--source is required/);
    const badKind = await run(['import', records, '--source', 'hospital', '--kind', 'spreadsheet', '--data-dir', dataDir]);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toMatch(/--kind must be one of fhir-json, .*, not "spreadsheet"/);
    const unknown = await run(['import', records, '--source', 'pharmacy', '--data-dir', dataDir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/There is no source system "pharmacy"/);
  });

  it('loads a generated place through the importers', async () => {
    const dataDir = tempDir();
    const demo = await run(['demo', '--people', '1000', '--data-dir', dataDir]);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/The place is loaded/);
    expect(demo.stdout).toMatch(/^ {2}social-worker +Sam Clarke, Social worker$/m);
    expect(demo.stdout).toMatch(/^ {2}person +\S.*, who sees their own record$/m);
    const db = await openDatabase({ dataDir });
    try {
      const people = await db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM people.person');
      const shared = await db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM (SELECT person_id FROM people.identity GROUP BY person_id HAVING count(DISTINCT source_id) > 1) x');
      expect(people.rows[0]?.n).toBeGreaterThan(900);
      expect(shared.rows[0]?.n).toBeGreaterThan(300);
      const staff = await db.query<{ role: string }>('SELECT DISTINCT role FROM access.account');
      // A staff account per role, and the person's own account and their carer's.
      expect(staff.rows).toHaveLength(13);
    } finally {
      await db.close();
    }
  });
});

describe('backup and restore', () => {
  it('round-trips an installation through a file and refuses to overwrite one', async () => {
    const source = tempDir();
    expect((await run(['migrate', '--data-dir', source])).code).toBe(0);
    const records = path.join(tempDir(), 'gp.ndjson');
    writeFileSync(records, `${JSON.stringify({ resourceType: 'Patient', id: 'p1', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000018' }], birthDate: '1941-03-07' })}\n`);
    expect((await run(['import', records, '--source', 'gp', '--data-dir', source])).code).toBe(0);
    const file = path.join(tempDir(), 'site.jub.gz');
    const backup = await run(['backup', file, '--data-dir', source]);
    expect(backup.code).toBe(0);
    expect(backup.stderr).toMatch(/backup: \d+ rows from \d+ tables written/);

    const target = tempDir();
    const restore = await run(['restore', file, '--data-dir', target]);
    expect(restore.code).toBe(0);
    expect(restore.stderr).toMatch(/is a complete backup from Joined Up/);
    const restored = await openDatabase({ dataDir: target });
    try {
      const held = await restored.query<{ n: number }>("SELECT count(*)::int8 AS n FROM record.source_record r JOIN people.identity i ON i.id = r.identity_id WHERE i.nhs_number = '9990000018'");
      expect(held.rows[0]?.n).toBe(1);
    } finally {
      await restored.close();
    }
    expect((await run(['restore', file, '--data-dir', target])).code).toBe(6);
    expect((await run(['restore', file, '--data-dir', target, '--replace'])).code).toBe(0);
  });

  it('refuses a corrupt or foreign file with exit 5 and leaves the target untouched', async () => {
    const foreign = path.join(tempDir(), 'notes.txt');
    writeFileSync(foreign, 'Mrs Smith, 85, lives alone\n');
    const target = tempDir();
    const refused = await run(['restore', foreign, '--data-dir', target]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/not a usable Joined Up backup/);
    expect(existsSync(path.join(target, 'postgres'))).toBe(false);

    const source = tempDir();
    await run(['migrate', '--data-dir', source]);
    const file = path.join(tempDir(), 'cut.jub.gz');
    await run(['backup', file, '--data-dir', source]);
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const cut = await run(['restore', file, '--data-dir', target]);
    expect(cut.code).toBe(5);
    expect(existsSync(path.join(target, 'postgres'))).toBe(false);
  });

  it.skipIf(serverUrl === undefined)('moves an installation from the embedded database to a PostgreSQL server and back', async () => {
    const embedded = tempDir();
    const first = await serve(['--data-dir', embedded]);
    const original = (await (await fetch(`${first.url}/api/installation`)).json()) as { installation: { id: string } };
    first.child.kill('SIGTERM');
    await first.exited;

    const file = path.join(tempDir(), 'move.jub.gz');
    expect((await run(['backup', file, '--data-dir', embedded])).code).toBe(0);
    const server = await createServerDatabase();
    try {
      const restored = await run(['restore', file], { DATABASE_URL: server.url });
      expect(restored.code, restored.stderr).toBe(0);
      const onServer = await serve([], { DATABASE_URL: server.url });
      const report = (await (await fetch(`${onServer.url}/api/installation`)).json()) as { installation: { id: string }; database: { backend: string } };
      expect(report.database.backend).toBe('postgres');
      expect(report.installation.id).toBe(original.installation.id);
      onServer.child.kill('SIGTERM');
      await onServer.exited;

      const back = path.join(tempDir(), 'back.jub.gz');
      expect((await run(['backup', back], { DATABASE_URL: server.url })).code).toBe(0);
      const home = tempDir();
      expect((await run(['restore', back, '--data-dir', home])).code).toBe(0);
      const returned = await serve(['--data-dir', home]);
      const final = (await (await fetch(`${returned.url}/api/installation`)).json()) as { installation: { id: string } };
      expect(final.installation.id).toBe(original.installation.id);
      returned.child.kill('SIGTERM');
      await returned.exited;
    } finally {
      await server.drop();
    }
  });
});
