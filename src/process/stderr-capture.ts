/**
 * Keeps what restic writes on stderr, within a bound: restic can print one warning per
 * unreadable file, so an unattended backup of a damaged disk must not grow memory without
 * limit. The head and the tail are kept, because the cause is usually first and the fatal
 * message last.
 */
const HEAD_LIMIT = 32 * 1024;
const TAIL_LIMIT = 32 * 1024;

export class StderrCapture {
  private head = '';
  private tail: string[] = [];
  private tailLength = 0;
  private omitted = 0;

  add(line: string): void {
    if (this.head.length < HEAD_LIMIT && this.tail.length === 0) {
      this.head += line + '\n';
      return;
    }
    this.tail.push(line);
    this.tailLength += line.length + 1;
    while (this.tailLength > TAIL_LIMIT && this.tail.length > 1) {
      const dropped = this.tail.shift() as string;
      this.tailLength -= dropped.length + 1;
      this.omitted += dropped.length + 1;
    }
  }

  text(): string {
    const marker = this.omitted > 0 ? `[… ${this.omitted} bytes of stderr omitted …]\n` : '';
    const tail = this.tail.length > 0 ? this.tail.join('\n') + '\n' : '';
    return (this.head + marker + tail).replace(/\n$/, '');
  }
}
