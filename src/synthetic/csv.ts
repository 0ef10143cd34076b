/**
 * RFC 4180 CSV for the synthetic locality's output files: fields separated by commas, a field quoted
 * only when it holds a comma, a double quote, CR or LF, and a quote inside a quoted field doubled.
 * Lines end with LF (RFC 4180 says CRLF; every reader we target accepts LF, and LF keeps the files
 * byte-identical across platforms — docs/formats/README.md).
 */

/** One output CSV file: where it goes under the output directory and its header row. */
export interface CsvFile {
  /** Relative to the output directory, with forward slashes, e.g. "hospital/spells.csv". */
  readonly path: string;
  readonly header: readonly string[];
}

/** A value of one field: text as it is, a finite number in its shortest form, `undefined` as empty. */
export type CsvValue = string | number | undefined;

const needsQuotes = /[",\r\n]/;
const quote = /"/g;

/** One field, quoted when RFC 4180 requires it. */
export function csvField(value: CsvValue): string {
  if (value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`A CSV field cannot hold ${value}`);
    return String(value);
  }
  return needsQuotes.test(value) ? `"${value.replace(quote, '""')}"` : value;
}

/** One CSV line, ending in "\n". */
export function csvLine(values: readonly CsvValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ',';
    line += csvField(values[i]);
  }
  return `${line}\n`;
}

/** The header line of a file. */
export function csvHeader(file: CsvFile): string {
  return csvLine(file.header);
}
