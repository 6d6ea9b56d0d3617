import { StringDecoder } from 'node:string_decoder';

/**
 * The elements of one JSON array of objects, parsed as its bytes arrive. `find --json` prints
 * its whole result as a single line, so waiting for the line would hold every match in
 * memory; this holds one element at a time. Only objects and arrays are expected as elements.
 */
export class JsonArrayElements {
  private readonly decoder = new StringDecoder('utf8');
  /** The start of an element whose end has not arrived yet. */
  private pending = '';
  private depth = 0;
  private inString = false;
  private escaped = false;

  push(chunk: Buffer | string): unknown[] {
    return this.scan(typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
  }

  end(): unknown[] {
    return this.scan(this.decoder.end());
  }

  private scan(text: string): unknown[] {
    const elements: unknown[] = [];
    let start = this.pending === '' ? -1 : 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
        continue;
      }
      if (c === 34) {
        this.inString = this.depth >= 2;
      } else if (c === 123 /* { */ || c === 91 /* [ */) {
        if (this.depth === 1) start = i;
        this.depth++;
      } else if (c === 125 /* } */ || c === 93 /* ] */) {
        this.depth--;
        if (this.depth === 1 && start !== -1) {
          elements.push(JSON.parse(this.pending + text.slice(start, i + 1)) as unknown);
          this.pending = '';
          start = -1;
        }
      }
    }
    if (start !== -1) this.pending += text.slice(start);
    return elements;
  }
}
