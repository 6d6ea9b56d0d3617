// A minimal WebAssembly assembler: just the instructions the Poly1305 block loop needs, written
// as nested expressions (each returns its bytes, operands first), and a module of one function
// and one exported memory. Encodings follow the WebAssembly core specification, section 5.
export type Code = number[];

function uleb(value: number): Code {
  const out: Code = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb(value: number): Code {
  const out: Code = [];
  for (;;) {
    const byte = value & 0x7f;
    value = Math.floor(value / 128);
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const binary = (opcode: number) => (a: Code, b: Code): Code => [...a, ...b, opcode];

export const i32 = (value: number): Code => [0x41, ...sleb(value)];
export const i64 = (value: number): Code => [0x42, ...sleb(value)];

export const op = {
  i64: {
    add: binary(0x7c),
    mul: binary(0x7e),
    and: binary(0x83),
    or: binary(0x84),
    shr_u: binary(0x88),
    extend_i32_u: (a: Code): Code => [...a, 0xad],
  },
};

export const local = {
  get: (index: number): Code => [0x20, ...uleb(index)],
  set: (index: number, value: Code): Code => [...value, 0x21, ...uleb(index)],
};

/** The unsigned 32-bit value at address + offset, as an i64. Unaligned addresses are allowed. */
export const loadU32 = (address: Code, offset: number): Code => [...address, 0x35, 2, ...uleb(offset)];
export const loadI64 = (address: Code, offset: number): Code => [...address, 0x29, 3, ...uleb(offset)];
export const storeI64 = (address: Code, offset: number, value: Code): Code => [...address, ...value, 0x37, 3, ...uleb(offset)];

/** while (counter < end) { body; counter += step } over i32 locals. */
export function forLoop(counter: number, end: number, step: number, body: Code): Code {
  const below = [...local.get(counter), ...local.get(end), 0x49 /* i32.lt_u */];
  return [
    0x02, 0x40, // block
    ...below, 0x45 /* i32.eqz */, 0x0d, 0 /* br_if to the block's end */,
    0x03, 0x40, // loop
    ...body,
    ...local.set(counter, [...local.get(counter), ...i32(step), 0x6a /* i32.add */]),
    ...below, 0x0d, 0 /* br_if back to the loop's start */,
    0x0b, // end loop
    0x0b, // end block
  ];
}

function section(id: number, contents: Code): Code {
  return [id, ...uleb(contents.length), ...contents];
}

function name(text: string): Code {
  const bytes = [...Buffer.from(text, 'utf8')];
  return [...uleb(bytes.length), ...bytes];
}

export interface FunctionModule {
  /** How many i32 parameters the function takes; it returns nothing. */
  params: number;
  /** How many i64 locals follow the parameters. */
  i64Locals: number;
  body: Code;
  /** The size of the exported memory `memory`, in 64 KiB pages. */
  pages: number;
  exportName: string;
}

/** The part of the WebAssembly global used here (Node has it; @types/node 20 does not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

export interface FunctionInstance {
  /** The function, called with i32 arguments. */
  run: (...args: number[]) => void;
  /** The exported memory's bytes. */
  memory: ArrayBuffer;
}

/** Compiles and instantiates a module of one function and one memory; returns both. */
export function instantiate(spec: FunctionModule): FunctionInstance {
  const type = [0x60, ...uleb(spec.params), ...new Array<number>(spec.params).fill(0x7f), 0];
  const body = [1, ...uleb(spec.i64Locals), 0x7e, ...spec.body, 0x0b];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, ...type]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, ...uleb(spec.pages)]),
    ...section(7, [2, ...name(spec.exportName), 0x00, 0, ...name('memory'), 0x02, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ];
  const api = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
  const { exports } = new api.Instance(new api.Module(new Uint8Array(bytes)));
  return { run: exports[spec.exportName] as FunctionInstance['run'], memory: (exports['memory'] as { buffer: ArrayBuffer }).buffer };
}
