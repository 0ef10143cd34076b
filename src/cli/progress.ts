/**
 * Progress for long CLI steps, on stderr: a line redrawn in place on a terminal, or a line every
 * few seconds when output goes to a file or CI log.
 */
export interface Progress {
  update: (done: number, total: number, what: string) => void;
  finish: (message: string) => void;
}

export function createProgress(label: string, unit: Unit, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY;
  const interval = tty ? 100 : 3000;
  let last = 0;
  let drawn = false;
  const render = (done: number, total: number, what: string): string => {
    const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
    return `${label}: ${String(pct).padStart(3)}%  ${formatAmount(done, unit)} of ${formatAmount(total, unit)}  ${what}`;
  };
  return {
    update(done, total, what) {
      const now = Date.now();
      if (now - last < interval && done < total) return;
      last = now;
      if (tty) {
        stream.write(`\r\x1b[2K${render(done, total, what)}`);
        drawn = true;
      } else {
        stream.write(`${render(done, total, what)}\n`);
      }
    },
    finish(message) {
      stream.write(`${tty && drawn ? '\r\x1b[2K' : ''}${label}: ${message}\n`);
    },
  };
}

const numbers = new Intl.NumberFormat('en-GB');

type Unit = 'rows' | 'bytes' | 'migrations' | 'people' | 'pairs' | 'entries';

export function formatAmount(n: number, unit: Unit): string {
  if (unit !== 'bytes') return `${numbers.format(n)} ${unit}`;
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
