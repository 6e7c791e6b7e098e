// The pages a user has walked through a cursor-paged list: the API only goes forward (`nextCursor`),
// so "previous" is the cursor we came by. A refresh re-reads the page the user is on.

export class CursorTrail {
  /** The cursor of each page visited; the first page has none. */
  private cursors: (string | undefined)[] = [undefined];
  private index = 0;

  /** The cursor of the page on screen. */
  public get current(): string | undefined {
    return this.cursors[this.index];
  }

  /** 1-based, for "第 N 页". */
  public get page(): number {
    return this.index + 1;
  }

  public get hasPrevious(): boolean {
    return this.index > 0;
  }

  /** Forward to the page `nextCursor` names; the pages after the current one are forgotten. */
  public forward(nextCursor: string): void {
    this.cursors = [...this.cursors.slice(0, this.index + 1), nextCursor];
    this.index++;
  }

  public back(): void {
    if (this.index > 0) this.index--;
  }

  /** To the first page: a tab switch, or a cursor the API no longer accepts. */
  public reset(): void {
    this.cursors = [undefined];
    this.index = 0;
  }
}
