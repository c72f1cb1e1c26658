/**
 * Pull-style reading of a byte stream: lines and exact byte counts, with backpressure (the next chunk is
 * read only when needed), so a multi-gigabyte file is read with a small, steady buffer.
 */
export class ByteReader {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private done = false;
  /** Bytes handed out so far (lines with their terminators, blocks, skips). */
  consumed = 0;

  constructor(private readonly source: AsyncIterator<Buffer | string>) {}

  static from(stream: AsyncIterable<Buffer | string>): ByteReader {
    return new ByteReader(stream[Symbol.asyncIterator]());
  }

  private get available(): number {
    return this.buf.length - this.pos;
  }

  /** Read one more chunk into the buffer; false at the end of the stream. */
  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.source.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    this.buf = this.available === 0 ? chunk : Buffer.concat([this.buf.subarray(this.pos), chunk]);
    this.pos = 0;
    return true;
  }

  /**
   * The next line without its CRLF/LF, as latin1 text (WARC and HTTP headers are ASCII); null at the end.
   * A line longer than maxBytes is returned cut (the rest is dropped up to the newline).
   */
  async readLine(maxBytes = 65536): Promise<string | null> {
    let searchFrom = this.pos;
    for (;;) {
      const nl = this.buf.indexOf(0x0a, searchFrom);
      if (nl !== -1) {
        const end = nl > this.pos && this.buf[nl - 1] === 0x0d ? nl - 1 : nl;
        const line = this.buf.toString('latin1', this.pos, Math.min(end, this.pos + maxBytes));
        this.consumed += nl + 1 - this.pos;
        this.pos = nl + 1;
        return line;
      }
      if (this.available > maxBytes) {
        // Over-long line: drop bytes until its end so memory stays bounded.
        const line = this.buf.toString('latin1', this.pos, this.pos + maxBytes);
        for (;;) {
          this.consumed += this.available;
          this.pos = this.buf.length;
          if (!(await this.fill())) return line;
          const n = this.buf.indexOf(0x0a, this.pos);
          if (n !== -1) {
            this.consumed += n + 1 - this.pos;
            this.pos = n + 1;
            return line;
          }
        }
      }
      searchFrom = this.buf.length;
      const before = this.pos;
      if (!(await this.fill())) {
        if (this.available === 0) return null;
        const line = this.buf.toString('latin1', this.pos).replace(/\r$/, '');
        this.consumed += this.available;
        this.pos = this.buf.length;
        return line;
      }
      searchFrom = searchFrom - before; // buffer was re-based to the unread part
    }
  }

  /** Exactly n bytes, or fewer at the end of the stream. */
  async readExact(n: number): Promise<Buffer> {
    while (this.available < n) {
      if (!(await this.fill())) break;
    }
    const take = Math.min(n, this.available);
    const out = Buffer.from(this.buf.subarray(this.pos, this.pos + take));
    this.pos += take;
    this.consumed += take;
    return out;
  }

  /** Skip n bytes without keeping them; returns how many were skipped (fewer at the end of the stream). */
  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0) {
      if (this.available === 0 && !(await this.fill())) break;
      const take = Math.min(left, this.available);
      this.pos += take;
      this.consumed += take;
      left -= take;
    }
    return n - left;
  }
}
