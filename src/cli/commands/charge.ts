import { ChargeInputError, chargeOf } from '../../finance/index.js';
import { type ExitCode, exitCodes } from '../exit-codes.js';
import { readJsonInput, reportDocumentProblems } from '../json-input.js';

/**
 * `joinedup charge --input assessment.json`: the Care Act financial assessment of the document, as
 * JSON on standard output (docs/finance/charging.md). A file that cannot be read, is not JSON, or
 * holds a problem is refused with every problem and where it is (exit 2), and nothing is printed.
 */
export async function chargeCommand(flags: { input: string }): Promise<ExitCode> {
  const read = await readJsonInput(flags.input);
  if (read === undefined) return exitCodes.usage;
  try {
    process.stdout.write(`${JSON.stringify(chargeOf(read.document), null, 2)}\n`);
    return exitCodes.ok;
  } catch (error) {
    if (!(error instanceof ChargeInputError)) throw error;
    reportDocumentProblems(flags.input, error.problems, 'assessed');
    return exitCodes.usage;
  }
}
