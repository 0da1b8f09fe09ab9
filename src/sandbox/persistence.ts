/**
 * How the standalone sandbox keeps its state across restarts (SANDBOX_STATE): each stateful part of the emulators
 * hands out its live containers (`Persistent.save`) and takes decoded ones back (`load`); the whole sandbox's parts
 * are encoded in one pass, so an object two parts share (a grant its tokens point to) is one object again after
 * loading. The encoding is JSON with Maps, Sets, Dates and shared references written out.
 *
 * ```ts
 * const text = encodeState(sandbox.state.save());
 * other.state.load(decodeState(text));
 * ```
 */

/** A part of the emulators' state that can be saved and loaded whole. */
export interface Persistent {
  /** The live state (not a copy): encode it before anything else runs. */
  save(): unknown;
  /** Replaces the state with what `save` gave, encoded and decoded. */
  load(saved: unknown): void;
}

/** Several parts as one, each under its name. A name missing from what is loaded leaves that part empty. */
export function persistentParts(parts: Readonly<Record<string, Persistent>>): Persistent {
  return {
    save: () => Object.fromEntries(Object.entries(parts).map(([name, part]) => [name, part.save()])),
    load(saved) {
      const record = (saved ?? {}) as Record<string, unknown>;
      for (const [name, part] of Object.entries(parts)) if (name in record) part.load(record[name]);
    },
  };
}

/** Replaces a Map's (or Set's) content with a loaded one's, keeping the instance the part's closures hold. */
export function refill<K, V>(target: Map<K, V>, loaded: unknown): void;
export function refill<T>(target: Set<T>, loaded: unknown): void;
export function refill(target: Map<unknown, unknown> | Set<unknown>, loaded: unknown): void {
  target.clear();
  if (target instanceof Map) for (const [key, value] of loaded as Map<unknown, unknown>) target.set(key, value);
  else for (const value of loaded as Set<unknown>) target.add(value);
}

/**
 * One encoded value. Every object is tagged with its kind — `o` object, `a` array, `m` Map (entries), `s` Set, `d`
 * Date — and, when it is met more than once, an id `i`; later meetings are `{ r: id }`.
 */
type Node =
  | null
  | boolean
  | number
  | string
  | { readonly i?: number; readonly o: Record<string, Node> }
  | { readonly i?: number; readonly a: readonly Node[] }
  | { readonly i?: number; readonly m: readonly (readonly [Node, Node])[] }
  | { readonly i?: number; readonly s: readonly Node[] }
  | { readonly d: string }
  | { readonly r: number };

/** Encodes a state graph (plain objects, arrays, Maps, Sets, Dates, primitives) as JSON text. */
export function encodeState(value: unknown): string {
  const seen = new Map<object, number>();
  const count = (v: unknown): void => {
    if (typeof v !== 'object' || v === null || v instanceof Date) return;
    const times = seen.get(v) ?? 0;
    seen.set(v, times + 1);
    if (times > 0) return;
    for (const child of children(v)) count(child);
  };
  count(value);

  const ids = new Map<object, number>();
  const encode = (v: unknown): Node => {
    if (v === undefined || v === null) return null;
    if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
    if (v instanceof Date) return { d: v.toISOString() };
    if (typeof v !== 'object') throw new TypeError(`the sandbox state holds a ${typeof v}, which cannot be saved`);
    const known = ids.get(v);
    if (known !== undefined) return { r: known };
    const id = (seen.get(v) ?? 0) > 1 ? ids.size : undefined;
    if (id !== undefined) ids.set(v, id);
    const tag = id === undefined ? {} : { i: id };
    if (Array.isArray(v)) return { ...tag, a: v.map(encode) };
    if (v instanceof Map) return { ...tag, m: [...v].map(([key, item]) => [encode(key), encode(item)] as const) };
    if (v instanceof Set) return { ...tag, s: [...v].map(encode) };
    const entries = Object.entries(v).filter(([, item]) => item !== undefined);
    return { ...tag, o: Object.fromEntries(entries.map(([key, item]) => [key, encode(item)])) };
  };
  return JSON.stringify(encode(value));
}

/** Decodes what `encodeState` wrote. */
export function decodeState(text: string): unknown {
  const byId = new Map<number, unknown>();
  const decode = (node: Node): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if ('r' in node) {
      if (!byId.has(node.r)) throw new Error(`the saved sandbox state refers to an unknown object ${node.r}`);
      return byId.get(node.r);
    }
    if ('d' in node) return new Date(node.d);
    // Each container is registered before its content is decoded, so references back into it resolve.
    const register = <T>(container: T): T => {
      if (node.i !== undefined) byId.set(node.i, container);
      return container;
    };
    if ('a' in node) {
      const array = register([] as unknown[]);
      for (const item of node.a) array.push(decode(item));
      return array;
    }
    if ('m' in node) {
      const map = register(new Map<unknown, unknown>());
      for (const [key, item] of node.m) map.set(decode(key), decode(item));
      return map;
    }
    if ('s' in node) {
      const set = register(new Set<unknown>());
      for (const item of node.s) set.add(decode(item));
      return set;
    }
    const object = register({} as Record<string, unknown>);
    for (const [key, item] of Object.entries(node.o)) object[key] = decode(item);
    return object;
  };
  return decode(JSON.parse(text) as Node);
}

function children(v: object): Iterable<unknown> {
  if (Array.isArray(v)) return v;
  if (v instanceof Map) return [...v].flat();
  if (v instanceof Set) return v;
  return Object.values(v);
}
