import { openSync, writeSync, closeSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { errorCode, platformError } from '../../errors.js';

/**
 * Takes the data dir's lock file for this process, or fails naming the process that holds it.
 * A lock left by a process that no longer runs is taken over. Returns the release function.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const file = path.join(dataDir, 'joinedup.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && (holder === process.pid || isRunning(holder))) {
        throw platformError(
          'database_unavailable',
          `The data directory ${dataDir} is in use by another Joined Up process (pid ${holder}). Stop it first, or use another --data-dir.`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw platformError('database_unavailable', `Could not lock the data directory ${dataDir}.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}
