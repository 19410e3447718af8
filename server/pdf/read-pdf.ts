/**
 * Test support: a PDF's text and page sizes read back with pdfjs-dist (a dev dependency — imported by tests only).
 */
export async function readPdf(data: Buffer | Uint8Array): Promise<{ text: string; pages: string[]; sizes: { width: number; height: number }[]; items: { str: string; x: number; top: number }[][] }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  const sizes: { width: number; height: number }[] = [];
  const items: { str: string; x: number; top: number }[][] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    sizes.push({ width: x1 - x0, height: y1 - y0 });
    const content = await page.getTextContent();
    // position of each piece: x from the left edge, top = distance of its baseline from the top edge (points)
    items.push(content.items.flatMap((it) => ('str' in it ? [{ str: it.str, x: it.transform[4] as number, top: y1 - (it.transform[5] as number) }] : [])));
    pages.push(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join(''));
  }
  await doc.destroy();
  return { text: pages.join('\n').normalize('NFC'), pages, sizes, items };
}
