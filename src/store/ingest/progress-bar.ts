/**
 * A progress bar for a terminal: share of input bytes read, articles per second and the time left,
 * redrawn at most ten times a second on one line of stderr; silent when stderr is not a terminal.
 *
 *   [██████████░░░░░░░░░░]  48%  1,204 articles  37.5/s  ETA 0:41
 */
export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream | null, private readonly totalBytes: number) {}

  update(bytesRead: number, done: number, force = false): void {
    if (this.stream === null) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = done / seconds;
    const share = this.totalBytes > 0 ? Math.min(1, bytesRead / this.totalBytes) : 0;
    const width = 20;
    const filled = Math.round(share * width);
    const bar = this.totalBytes > 0 ? `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  ` : '';
    let eta = '';
    if (this.totalBytes > 0 && share > 0.01 && share < 1) {
      const left = Math.round(seconds * (1 - share) / share);
      eta = `  ETA ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
    }
    this.stream.write(`\r\x1b[K${bar}${done.toLocaleString('en')} records  ${rate.toFixed(1)}/s${eta}`);
    this.drawn = true;
  }

  /** Print a line above the bar (a failure), keeping the bar. */
  clear(): void {
    if (this.stream !== null && this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
