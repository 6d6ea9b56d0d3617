import { StringDecoder } from 'node:string_decoder';

/**
 * Cuts a byte stream into text lines. Chunks may end anywhere, even inside a multi-byte
 * UTF-8 character or between `\r` and `\n`: the decoder and the carried remainder make the
 * result independent of where the pipe happened to split the data.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';

  /** Feeds one chunk and returns the lines it completed (without their line endings). */
  push(chunk: Buffer | string): string[] {
    const text = this.rest + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      if (line.endsWith('\r')) lines[i] = line.slice(0, -1);
    }
    return lines;
  }

  /** Returns the last line when the stream did not end with a newline. */
  end(): string | undefined {
    const text = this.rest + this.decoder.end();
    this.rest = '';
    if (text === '') return undefined;
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  }
}
