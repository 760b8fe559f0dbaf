/**
 * COPY's binary format (PostgreSQL's "Binary Format" of COPY): each value as the server
 * holds it, so neither side turns bytes into hex or numbers into text and back. In the
 * text format a patient's sealed bytes doubled in size as hex, and formatting the lines
 * was most of the seed's main thread.
 */
export type CopyType = 'uuid' | 'text' | 'bytea' | 'int2' | 'int4' | 'int8[]' | 'timestamptz';

/** The columns loaded, in order, and the type of each: a value is written as its column's type, never guessed. */
export type CopyColumns = Readonly<Record<string, CopyType>>;

export type CopyValue = string | number | Date | Uint8Array | readonly bigint[] | null | undefined;

/** A table's rows as COPY loads them: its columns and their types, and each row's values in that order. */
export interface CopyShape<R> {
  table: string;
  columns: CopyColumns;
  values(row: R): readonly CopyValue[];
}

/** Rows written in COPY's binary format, ready for a driver's `copy`: what a worker thread hands over without a copy (`data` is its own memory). */
export interface EncodedCopy {
  table: string;
  columns: CopyColumns;
  rows: number;
  data: Uint8Array;
}

/**
 * The COPY statement reading an encoded copy from `source`. The drivers send it without
 * the role wall's reading (src/store/role-wall.ts), so the table and its columns must be
 * plain names: anything else is refused rather than written into the statement.
 */
export function copyStatement(copy: EncodedCopy, source: string): string {
  const columns = Object.keys(copy.columns);
  for (const name of [copy.table, ...columns]) if (!PLAIN_NAME.test(name)) throw new Error(`Not a plain table or column name for COPY: ${name}`);
  return `COPY ${copy.table} (${columns.join(', ')}) FROM ${source} WITH (FORMAT binary)`;
}

const PLAIN_NAME = /^[a-z_][a-z0-9_]*$/;

/** The whole stream: the signature and header, each row as its field count then its values, the trailer. */
export function encodeCopy<R>(shape: CopyShape<R>, rows: readonly R[]): EncodedCopy {
  const types = Object.values(shape.columns);
  const out = new Writer(1024 + rows.length * 64 * types.length);
  out.bytes(HEADER);
  out.int32(0); // flags: no OIDs
  out.int32(0); // no header extension
  for (const row of rows) {
    const values = shape.values(row);
    if (values.length !== types.length) throw new Error(`A COPY row has ${values.length} values for ${types.length} columns`);
    out.int16(types.length);
    for (const [i, type] of types.entries()) writeValue(out, type, values[i]);
  }
  out.int16(-1);
  return { table: shape.table, columns: shape.columns, rows: rows.length, data: out.done() };
}

const HEADER = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const INT8_OID = 20;
/** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in JavaScript's milliseconds. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An instant with its offset, to the millisecond at most: what Date reads exactly, whatever the server's time zone. */
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d)$/;

function writeValue(out: Writer, type: CopyType, value: CopyValue): void {
  if (value === null || value === undefined) return out.int32(-1);
  switch (type) {
    case 'uuid':
      if (typeof value !== 'string' || !UUID.test(value)) throw new Error(`Not a uuid for COPY: ${String(value)}`);
      out.int32(16);
      return out.hex(value.replaceAll('-', ''));
    case 'text':
      if (typeof value !== 'string') throw new Error('A text column takes a string');
      return out.text(value);
    case 'bytea':
      if (!(value instanceof Uint8Array)) throw new Error('A bytea column takes bytes');
      out.int32(value.byteLength);
      return out.bytes(value);
    case 'int2':
    case 'int4':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new Error(`An ${type} column takes an integer`);
      out.int32(type === 'int2' ? 2 : 4);
      return type === 'int2' ? out.int16(value) : out.int32(value);
    case 'int8[]':
      if (!Array.isArray(value)) throw new Error('An int8[] column takes an array of bigints');
      return out.int8Array(value as readonly bigint[]);
    case 'timestamptz':
      out.int32(8);
      return out.int64(BigInt(instantOf(value) - POSTGRES_EPOCH_MS) * 1000n);
  }
}

function instantOf(value: Exclude<CopyValue, null | undefined>): number {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.getTime();
  if (typeof value === 'string' && INSTANT.test(value)) return Date.parse(value);
  throw new Error(`Not an instant with its offset for COPY: ${String(value)}`);
}

/** A buffer written front to back, grown as needed; never from Node's shared pool, so that it may be transferred. */
class Writer {
  private buffer: Buffer;
  private at = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafeSlow(capacity);
  }

  int16(value: number): void {
    this.room(2);
    this.at = this.buffer.writeInt16BE(value, this.at);
  }

  int32(value: number): void {
    this.room(4);
    this.at = this.buffer.writeInt32BE(value, this.at);
  }

  int64(value: bigint): void {
    this.room(8);
    this.at = this.buffer.writeBigInt64BE(value, this.at);
  }

  bytes(value: Uint8Array): void {
    this.room(value.byteLength);
    this.buffer.set(value, this.at);
    this.at += value.byteLength;
  }

  hex(value: string): void {
    this.room(value.length / 2);
    this.at += this.buffer.write(value, this.at, 'hex');
  }

  /** UTF-8, after its length. */
  text(value: string): void {
    const length = Buffer.byteLength(value, 'utf8');
    this.int32(length);
    this.room(length);
    this.at += this.buffer.write(value, this.at, 'utf8');
  }

  /** A one-dimensional array of int8 (none: no dimension), after its length. */
  int8Array(values: readonly bigint[]): void {
    const dimensions = values.length === 0 ? 0 : 1;
    this.int32(12 + dimensions * 8 + values.length * 12);
    this.int32(dimensions);
    this.int32(0); // no nulls
    this.int32(INT8_OID);
    if (dimensions === 0) return;
    this.int32(values.length);
    this.int32(1); // lower bound
    for (const value of values) {
      this.int32(8);
      this.int64(value);
    }
  }

  /** What was written: the writer is not used after. */
  done(): Buffer {
    return this.buffer.subarray(0, this.at);
  }

  private room(more: number): void {
    if (this.at + more <= this.buffer.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.at + more));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }
}
