import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from '@cantoo/pdf-lib';
import type { BreachDocument } from './document.ts';

/** A4 in points, with 2 cm margins. */
const PAGE = { width: 595.28, height: 841.89, margin: 56.7 };
const SIZE = { title: 15, heading: 11.5, body: 10.5, foot: 8 };

/**
 * The document as a PDF (pdf-lib, pure JavaScript: no binary, no network): Helvetica, A4,
 * lines wrapped to the page, pages numbered. A character the standard font cannot draw is
 * replaced rather than dropped, so nothing silently vanishes from a legal notice.
 */
export async function documentPdf(document: BreachDocument, creationDate = new Date()): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(document.title);
  pdf.setProducer('Vigie');
  pdf.setCreationDate(creationDate);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const pages: PDFPage[] = [];
  let page = newPage();
  let y = PAGE.height - PAGE.margin;

  function newPage(): PDFPage {
    const added = pdf.addPage([PAGE.width, PAGE.height]);
    pages.push(added);
    return added;
  }
  const write = (text: string, font: PDFFont, size: number, indent = 0, gapAfter = 0) => {
    for (const line of wrap(drawable(text, font), font, size, PAGE.width - 2 * PAGE.margin - indent)) {
      if (y - size < PAGE.margin + SIZE.foot * 2) {
        page = newPage();
        y = PAGE.height - PAGE.margin;
      }
      page.drawText(line, { x: PAGE.margin + indent, y: y - size, size, font });
      y -= size * 1.35;
    }
    y -= gapAfter;
  };

  for (const line of document.head ?? []) write(line, regular, SIZE.body);
  if (document.head?.length) y -= SIZE.body;
  write(document.title, bold, SIZE.title, 0, SIZE.body);
  for (const block of document.blocks) {
    if (block.heading) write(block.heading, bold, SIZE.heading, 0, 2);
    for (const paragraph of block.paragraphs ?? []) write(paragraph, regular, SIZE.body, 0, SIZE.body * 0.6);
    for (const item of block.items ?? []) write(`•  ${item}`, regular, SIZE.body, 10);
    if (block.items?.length) y -= SIZE.body * 0.6;
  }
  pages.forEach((each, i) => {
    const footer = drawable(`${document.title} — page ${i + 1} / ${pages.length}`, regular);
    each.drawText(footer, { x: PAGE.margin, y: PAGE.margin / 2, size: SIZE.foot, font: regular });
  });
  return pdf.save();
}

/** The text with every character the font cannot encode replaced by its nearest drawable form. */
function drawable(text: string, font: PDFFont): string {
  const known = new Set(font.getCharacterSet());
  const near: Record<string, string> = { '\u202f': ' ', '\u00a0': ' ', '≥': '>=', '≤': '<=', '→': '->', '✓': 'v' };
  return [...text].map((char) => (known.has(char.codePointAt(0)!) ? char : (near[char] ?? '?'))).join('');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}
