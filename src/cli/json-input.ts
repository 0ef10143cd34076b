/** JSON documents named on the command line (`--input file.json`), and how their problems are told. */
import { readFile } from 'node:fs/promises';

/** The document in the file, or undefined when it cannot be read or is not JSON (said on standard error). */
export async function readJsonInput(file: string): Promise<{ document: unknown } | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    process.stderr.write(`joinedup: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return undefined;
  }
  try {
    return { document: JSON.parse(text) as unknown };
  } catch (error) {
    process.stderr.write(`joinedup: ${file} is not JSON: ${(error as Error).message}\n`);
    return undefined;
  }
}

/** Says on standard error that the document was refused, with every problem and its path. */
export function reportDocumentProblems(file: string, problems: readonly { path: string; message: string }[], nothingWas: string): void {
  process.stderr.write(`joinedup: ${file}: ${problems.length} problem(s); nothing was ${nothingWas}:\n`);
  for (const p of problems) process.stderr.write(`  ${p.path === '' ? '(the document)' : p.path}: ${p.message}\n`);
}
