/**
 * Documents handed to the writers while the next ones are still being made: the threads start writing
 * as soon as there is more than a few, instead of waiting for every tree of the build (at 500 cards the
 * trees took 6 s of one core while the other waited, issue #20), and at most `capacity` wait at a time,
 * so the memory of a build does not grow with the number of cards.
 */
export class RenderQueue<T> {
  private readonly items: T[] = [];
  private closed = false;
  private stoppedAt = false;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  get length(): number {
    return this.items.length;
  }

  /** Whether the queue was stopped (a writer failed, or a problem was found): nothing more is handed out. */
  get stopped(): boolean {
    return this.stoppedAt;
  }

  private wake(): void {
    for (const w of this.waiting.splice(0)) w();
  }

  private wait(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Adds a document; waits while the queue is full and someone takes from it (`draining`). */
  async push(item: T, draining: () => boolean): Promise<void> {
    if (this.stoppedAt) return;
    this.items.push(item);
    this.wake();
    while (this.items.length > this.capacity && draining() && !this.stoppedAt) await this.wait();
  }

  /** The next document, waiting for one while more may come; undefined when there are no more. */
  async take(): Promise<T | undefined> {
    for (;;) {
      if (this.stoppedAt) return undefined;
      const item = this.items.shift();
      if (item !== undefined) {
        this.wake();
        return item;
      }
      if (this.closed) return undefined;
      await this.wait();
    }
  }

  /** No more documents will come. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  /** Nothing more is handed out, and what waits is dropped. */
  stop(): void {
    this.stoppedAt = true;
    this.items.length = 0;
    this.wake();
  }
}
