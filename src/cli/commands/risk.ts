import { readFile } from 'node:fs/promises';
import { FrailtyInputError, frailtyOf } from '../../risk/index.js';
import { type ExitCode, exitCodes } from '../exit-codes.js';

/**
 * `joinedup risk frailty --input people.json`: the eFI and HFRS of each person in the file, as JSON
 * on standard output (docs/risk/frailty.md). A file that cannot be read, is not JSON, or holds a
 * problem is refused with every problem and where it is (exit 2), and nothing is printed.
 */
export async function riskFrailtyCommand(flags: { input: string }): Promise<ExitCode> {
  let text: string;
  try {
    text = await readFile(flags.input, 'utf8');
  } catch (error) {
    process.stderr.write(`joinedup: cannot read ${flags.input}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return exitCodes.usage;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    process.stderr.write(`joinedup: ${flags.input} is not JSON: ${(error as Error).message}\n`);
    return exitCodes.usage;
  }
  try {
    process.stdout.write(`${JSON.stringify(frailtyOf(document))}\n`);
    return exitCodes.ok;
  } catch (error) {
    if (!(error instanceof FrailtyInputError)) throw error;
    process.stderr.write(`joinedup: ${flags.input}: ${error.problems.length} problem(s); nothing was scored:\n`);
    for (const p of error.problems) process.stderr.write(`  ${p.path}: ${p.message}\n`);
    return exitCodes.usage;
  }
}
