// The repository index, compact: one row per (blob, pack) in typed arrays and one Buffer of
// 32-byte IDs, with an open-addressing hash table on the IDs. About 57 bytes a blob, and no
// JavaScript object per blob.
import { WHOLE_ID } from '../../shared/ids.js';

export type BlobType = 'data' | 'tree';

/** Where one copy of a blob is stored. */
export interface BlobLocation {
  /** The pack's ID (64 hex digits). */
  pack: string;
  type: BlobType;
  /** Offset of the encrypted blob in the pack. */
  offset: number;
  /** Length of the encrypted blob in the pack. */
  length: number;
  /** The length after decompression; 0 for a blob stored uncompressed. */
  uncompressedLength: number;
}

const UINT32_MAX = 0xffffffff;

function uint32(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > UINT32_MAX) throw new Error(`${name} is not an integer between 0 and 2^32-1`);
  return value;
}

export class IndexTable {
  #ids = Buffer.alloc(0);
  #pack: Uint32Array<ArrayBuffer> = new Uint32Array(0);
  #offset: Uint32Array<ArrayBuffer> = new Uint32Array(0);
  #length: Uint32Array<ArrayBuffer> = new Uint32Array(0);
  #uncompressed: Uint32Array<ArrayBuffer> = new Uint32Array(0);
  #type = new Uint8Array(0);
  #count = 0;
  #packIds: string[] = [];
  #packNumbers = new Map<string, number>();
  #slots = new Uint32Array(0);
  #mask = 0;

  /** Rows (blob copies) in the table. */
  get size(): number {
    return this.#count;
  }

  /** Packs the index names. */
  get packCount(): number {
    return this.#packIds.length;
  }

  /** Approximate bytes held by the table. */
  get byteSize(): number {
    return this.#ids.length + (this.#pack.length + this.#offset.length + this.#length.length + this.#uncompressed.length + this.#slots.length) * 4 + this.#type.length;
  }

  #grow(needed: number): void {
    if (needed <= this.#type.length) return;
    let capacity = Math.max(1024, this.#type.length);
    while (capacity < needed) capacity *= 2;
    const ids = Buffer.alloc(capacity * 32);
    this.#ids.copy(ids, 0, 0, this.#count * 32);
    this.#ids = ids;
    const grow32 = (old: Uint32Array): Uint32Array<ArrayBuffer> => {
      const next = new Uint32Array(capacity);
      next.set(old.subarray(0, this.#count));
      return next;
    };
    this.#pack = grow32(this.#pack);
    this.#offset = grow32(this.#offset);
    this.#length = grow32(this.#length);
    this.#uncompressed = grow32(this.#uncompressed);
    const types = new Uint8Array(capacity);
    types.set(this.#type.subarray(0, this.#count));
    this.#type = types;
  }

  /**
   * Adds the packs of one decoded index file (restic's `{"packs": [{id, blobs: [...]}]}`).
   * Throws a plain Error naming the problem when an entry is malformed; the caller reports it
   * as damage of that index file. Call `finish()` after the last file.
   */
  addIndexFile(json: unknown): void {
    const packs = Array.isArray(json) ? json : (json as { packs?: unknown } | null)?.packs;
    if (!Array.isArray(packs)) {
      if (packs === null || packs === undefined) return;
      throw new Error('packs is not an array');
    }
    for (const pack of packs as { id?: unknown; blobs?: unknown }[]) {
      if (pack === null || typeof pack !== 'object' || typeof pack.id !== 'string' || !WHOLE_ID.test(pack.id)) throw new Error('a pack has no valid id');
      if (pack.blobs === null || pack.blobs === undefined) continue;
      if (!Array.isArray(pack.blobs)) throw new Error(`pack ${pack.id}: blobs is not an array`);
      let packNumber = this.#packNumbers.get(pack.id);
      if (packNumber === undefined) {
        packNumber = this.#packIds.length;
        this.#packIds.push(pack.id);
        this.#packNumbers.set(pack.id, packNumber);
      }
      this.#grow(this.#count + pack.blobs.length);
      for (const blob of pack.blobs as Record<string, unknown>[]) {
        if (blob === null || typeof blob !== 'object') throw new Error(`pack ${pack.id}: a blob entry is not an object`);
        const id = blob['id'];
        if (typeof id !== 'string' || !WHOLE_ID.test(id)) throw new Error(`pack ${pack.id}: a blob has no valid id`);
        const type = blob['type'];
        if (type !== 'data' && type !== 'tree') throw new Error(`blob ${id}: unknown type ${JSON.stringify(type)}`);
        const row = this.#count;
        this.#ids.write(id, row * 32, 'hex');
        this.#pack[row] = packNumber;
        this.#offset[row] = uint32(blob['offset'], `blob ${id}: offset`);
        this.#length[row] = uint32(blob['length'], `blob ${id}: length`);
        this.#uncompressed[row] = blob['uncompressed_length'] === undefined || blob['uncompressed_length'] === null ? 0 : uint32(blob['uncompressed_length'], `blob ${id}: uncompressed_length`);
        this.#type[row] = type === 'tree' ? 1 : 0;
        this.#count++;
      }
    }
  }

  /** Builds the hash table; lookups work after this. */
  finish(): void {
    let slots = 16;
    while (slots < this.#count * 2) slots *= 2;
    this.#slots = new Uint32Array(slots);
    this.#mask = slots - 1;
    for (let row = 0; row < this.#count; row++) {
      let slot = this.#ids.readUInt32LE(row * 32) & this.#mask;
      while (this.#slots[slot] !== 0) slot = (slot + 1) & this.#mask;
      this.#slots[slot] = row + 1;
    }
    this.#packNumbers.clear();
  }

  /** Every stored copy of the blob, optionally of one type only; an empty array when the index does not know it. */
  lookup(id: string, type?: BlobType): BlobLocation[] {
    if (!WHOLE_ID.test(id) || this.#slots.length === 0) return [];
    const wanted = Buffer.from(id, 'hex');
    const found: BlobLocation[] = [];
    let slot = wanted.readUInt32LE(0) & this.#mask;
    for (;;) {
      const entry = this.#slots[slot]!;
      if (entry === 0) break;
      const row = entry - 1;
      if (this.#ids.compare(wanted, 0, 32, row * 32, row * 32 + 32) === 0) {
        const rowType: BlobType = this.#type[row] === 1 ? 'tree' : 'data';
        const location: BlobLocation = { pack: this.#packIds[this.#pack[row]!]!, type: rowType, offset: this.#offset[row]!, length: this.#length[row]!, uncompressedLength: this.#uncompressed[row]! };
        if ((type === undefined || type === rowType) && !found.some((f) => f.pack === location.pack && f.offset === location.offset && f.type === location.type)) found.push(location);
      }
      slot = (slot + 1) & this.#mask;
    }
    return found;
  }

  /** Drops everything. */
  clear(): void {
    this.#ids = Buffer.alloc(0);
    this.#pack = this.#offset = this.#length = this.#uncompressed = this.#slots = new Uint32Array(0);
    this.#type = new Uint8Array(0);
    this.#count = 0;
    this.#packIds = [];
    this.#packNumbers.clear();
  }
}
