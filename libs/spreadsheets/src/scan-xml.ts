import { setImmediate as nextTurn } from 'node:timers/promises';
import { SaxesParser } from 'saxes';

/**
 * Callbacks for one XML part. Element names come without their namespace
 * prefix: most writers use SpreadsheetML's default namespace, some spell it
 * `x:row`, and the element names are the same either way.
 */
export interface XmlVisitor {
  open?(name: string, attributes: Readonly<Record<string, string>>): void;
  close?(name: string): void;
  /** Character data, in pieces; CDATA sections included. */
  text?(text: string): void;
  /** Asked after each chunk; true ends the scan without unpacking the rest of the part. */
  done?(): boolean;
}

/**
 * Streams a part through a SAX parser (saxes, the one exceljs itself uses):
 * memory stays at one chunk plus what the visitor keeps. saxes expands only
 * the predefined and numeric entities and never a DTD's, so an entity bomb
 * is an error, not an expansion.
 */
export async function scanXml(chunks: AsyncIterable<Uint8Array>, visitor: XmlVisitor): Promise<void> {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const { open, close, text } = visitor;
  if (open) parser.on('opentag', (tag) => open(localName(tag.name), tag.attributes));
  if (close) parser.on('closetag', (tag) => close(localName(tag.name)));
  if (text) {
    parser.on('text', text);
    parser.on('cdata', text);
  }
  const decoder = new TextDecoder();
  for await (const chunk of chunks) {
    try {
      parser.write(decoder.decode(chunk, { stream: true }));
    } catch (e) {
      // The rest of a chunk is parsed after the visitor has what it needs; what is wrong there does not matter.
      if (visitor.done?.()) return;
      throw e;
    }
    // Returning ends the for-await, which closes `chunks` (and its inflater).
    if (visitor.done?.()) return;
    // Chunks that are already buffered (a stored part, a fast inflater) arrive
    // as microtasks; yielding here lets other requests run between chunks.
    await nextTurn();
  }
  parser.write(decoder.decode());
  parser.close();
}

/** `r:id` → `id`; attribute lookup for the few prefixed attributes SpreadsheetML has. */
export function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}
