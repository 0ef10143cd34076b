// Reading CSV back in tests, strictly, to prove what the writers write.

/** A strict RFC 4180 reader (LF or CRLF line ends), to prove what the formatters write reads back. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  const endField = () => { row.push(field); field = ''; };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('Unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          break;
        }
        field += text[i]!;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') throw new Error(`Text after a closing quote at ${i}`);
      continue;
    }
    if (ch === '"') throw new Error(`Quote inside an unquoted field at ${i}`);
    if (ch === ',') { endField(); i++; continue; }
    if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      endField();
      rows.push(row);
      row = [];
      i += ch === '\r' ? 2 : 1;
      continue;
    }
    field += ch;
    i++;
  }
  if (field !== '' || row.length > 0) { endField(); rows.push(row); }
  return rows;
}
