export interface Cell {
  text: string;
  quoted: boolean;
}

/** RFC 4180 fields (or `;`-, tab- or `|`-separated ones), noting which were quoted; a sample cut inside a quoted field ends there. */
export function csvCells(text: string, delimiter = ','): Cell[][] {
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let at = 0;
  while (at <= text.length) {
    let cell: Cell;
    if (text[at] === '"') {
      let value = '';
      at++;
      for (;;) {
        const quote = text.indexOf('"', at);
        if (quote < 0) {
          value += text.slice(at);
          at = text.length;
          break;
        }
        value += text.slice(at, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          at = quote + 2;
        } else {
          at = quote + 1;
          break;
        }
      }
      cell = { text: value, quoted: true };
      at = fieldEnd(text, at, delimiter); // characters after a closing quote are not RFC 4180: skipped
    } else {
      const end = fieldEnd(text, at, delimiter);
      cell = { text: text.slice(at, end), quoted: false };
      at = end;
    }
    row.push(cell);
    if (text[at] === delimiter) {
      at++;
      continue;
    }
    // The end of a line (CRLF or LF), or of the text.
    if (text[at] === '\r') at++;
    if (text[at] === '\n') at++;
    rows.push(row);
    row = [];
    if (at >= text.length) break;
  }
  return rows;
}

function fieldEnd(text: string, from: number, delimiter: string): number {
  let at = from;
  while (at < text.length && text[at] !== delimiter && text[at] !== '\n' && text[at] !== '\r') at++;
  return at;
}
