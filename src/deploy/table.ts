/** Plain-text tables for the terminal. */

/**
 * Lays out rows under a header, each column padded to its widest cell.
 *
 * @example
 * ```ts
 * table(['Action', 'Id'], [['Add', 'Policy']]); // ['Action  Id', '------  ------', 'Add     Policy']
 * ```
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    widths
      .map((width, i) => (i === widths.length - 1 ? (cells[i] ?? '') : (cells[i] ?? '').padEnd(width)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}
