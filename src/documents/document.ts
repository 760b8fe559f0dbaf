/**
 * A document of breach response — the CNIL notification, the report to the regional
 * health agency, a patient's letter — as plain blocks, rendered alike to text (text.ts's
 * documentText) and to PDF (pdf.ts). Pure data: what each says is decided in its own file.
 */
export interface Block {
  heading?: string;
  paragraphs?: string[];
  items?: string[];
}

export interface BreachDocument {
  title: string;
  /** Lines above the title: the sender, the addressee, the date. */
  head?: string[];
  blocks: Block[];
}

export function documentText(document: BreachDocument): string {
  const lines = [...(document.head ?? []), ...(document.head?.length ? [''] : []), document.title, '='.repeat(Math.min(document.title.length, 78)), ''];
  for (const block of document.blocks) {
    if (block.heading) lines.push(block.heading, '-'.repeat(Math.min(block.heading.length, 78)));
    for (const paragraph of block.paragraphs ?? []) lines.push(paragraph, '');
    for (const item of block.items ?? []) lines.push(`  - ${item}`);
    if (block.items?.length) lines.push('');
  }
  return lines.join('\n');
}
