/** One CSV record (RFC 4180: `"` quotes a field, `""` is a quote inside one), for reports AWS writes as CSV. */

/** A line that is not valid CSV. */
export class CsvError extends Error {
  override name = 'CsvError';
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
  }
}

/** The fields of one line, and whether any was quoted. */
export interface Row {
  readonly fields: string[];
  readonly quoted: boolean;
}

/** Splits one line into fields; an unterminated or misplaced quote throws a CsvError naming `line`. */
export function splitRow(text: string, line: number): Row {
  const fields: string[] = [];
  let quoted = false;
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      quoted = true;
      let value = '';
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) throw new CsvError(line, `unterminated quoted field starting at character ${i}`);
        value += text.slice(i, close);
        if (text[close + 1] === '"') {
          value += '"';
          i = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      if (i < text.length && text[i] !== ',') throw new CsvError(line, `unexpected "${text[i]}" after a quoted field at character ${i + 1}`);
      fields.push(value);
    } else {
      const comma = text.indexOf(',', i);
      const end = comma < 0 ? text.length : comma;
      const value = text.slice(i, end);
      if (value.includes('"')) throw new CsvError(line, `quote inside an unquoted field at character ${i + value.indexOf('"') + 1}`);
      fields.push(value);
      i = end;
    }
    if (i >= text.length) return { fields, quoted };
    i++; // the comma
  }
}
