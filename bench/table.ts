/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
export function formatTable(header: string[], rows: string[][], options: { leftAlignFirst?: boolean } = {}): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)))
  const format = (cells: string[]) =>
    cells.map((cell, column) => (options.leftAlignFirst && column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')
  return [format(header), widths.map((width) => '-'.repeat(width)).join('-|-'), ...rows.map(format)].join('\n')
}
