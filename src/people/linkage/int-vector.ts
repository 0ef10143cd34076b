/** A growable array of 32-bit integers: candidate pairs are collected without an object per pair. */
export class IntVector {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  /** The values, trimmed to length (a copy, so the spare capacity is freed). */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}
