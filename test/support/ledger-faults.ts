// Runs the ledger's writers (ledger-writer.ts) as child processes and kills them with SIGKILL at
// random moments, starting each again until every writer has posted all its postings. Used by the
// fault test (short) and `npm run bench ledger-fault` (8 writers × 10,000 postings).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const writerScript = fileURLToPath(new URL('./ledger-writer.ts', import.meta.url));

export interface FaultRun {
  kills: number;
  starts: number;
  /** Journals the writers' final runs reported as posted by them, and as replays of an earlier run's posting. */
  posted: number;
  replayed: number;
  seconds: number;
}

export interface FaultOptions {
  writers: number;
  postings: number;
  /** Each life of a writer after its first (which is always killed), once it is posting, is killed with this chance (default 0.75)… */
  killChance?: number;
  /** … after a wait drawn uniformly from this range of milliseconds (default 200 to 2,500). */
  killAfter?: [number, number];
  /** The first life is killed within this many milliseconds (default 30) of having posted a random number of its postings (up to half), so that it dies while posting however fast the machine. */
  firstKillWithin?: number;
  random?: () => number;
}

/**
 * Runs the writers to the end against `url`. Each time a writer starts posting, a kill is set for
 * a random moment of its life (always in its first life; later by chance, so that it can finish);
 * killed, it starts again from its checkpoint.
 */
export async function runFaultyWriters(url: string, options: FaultOptions): Promise<FaultRun> {
  const random = options.random ?? Math.random;
  const chance = options.killChance ?? 0.75;
  const [low, high] = options.killAfter ?? [200, 2500];
  const firstWithin = options.firstKillWithin ?? 30;
  const dir = mkdtempSync(path.join(tmpdir(), 'joinedup-ledger-faults-'));
  const began = performance.now();
  const finished = new Set<number>();
  const lives = new Map<number, number>();
  let kills = 0;
  let starts = 0;
  let posted = 0;
  let replayed = 0;
  let failure: Error | undefined;
  let allDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => { allDone = resolve; });

  const launch = (w: number): void => {
    starts++;
    const life = (lives.get(w) ?? 0) + 1;
    lives.set(w, life);
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', writerScript, url, String(w), String(options.postings), path.join(dir, `writer-${w}.done`)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const target = 1 + Math.floor(random() * (options.postings / 2));
    const kill = (wait: number): void => { timer = setTimeout(() => { if (child.kill('SIGKILL')) kills++; }, wait); };
    child.stdout?.on('data', (d: Buffer) => {
      const ready = out === '';
      out += d.toString();
      if (failure !== undefined || timer !== undefined) return;
      if (life === 1) {
        // The first life dies while posting: soon after it has posted a random share of its postings.
        const progress = [...out.matchAll(/posted (\d+)/g)].at(-1)?.[1];
        if (progress !== undefined && Number(progress) >= target) kill(random() * firstWithin);
      } else if (ready && out.startsWith('ready') && random() < chance) {
        // A kill at start-up tests nothing: the moment is drawn once the writer is posting.
        kill(low + random() * (high - low));
      }
    });
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') {
        launch(w);
        return;
      }
      if (code !== 0) {
        failure ??= new Error(`writer ${w} failed (exit ${String(code)}):\n${err.slice(-3000)}`);
      } else {
        const m = /done (\d+) (\d+)/.exec(out);
        posted += Number(m?.[1] ?? 0);
        replayed += Number(m?.[2] ?? 0);
      }
      finished.add(w);
      if (finished.size === options.writers) allDone();
    });
  };
  for (let w = 0; w < options.writers; w++) launch(w);
  await done;
  rmSync(dir, { recursive: true, force: true });
  if (failure !== undefined) throw failure;
  return { kills, starts, posted, replayed, seconds: (performance.now() - began) / 1000 };
}
