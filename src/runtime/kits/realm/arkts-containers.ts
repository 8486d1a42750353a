/**
 * The ArkTS containers (`@ohos.util.ArrayList` … `@ohos.util.Vector`) in the app realm (evaluated from source; see
 * core.ts), with the platform's error codes: 10200001 index out of range, 10200010 container is empty, 10200011 a
 * method called on something that is not its container ("cannot be bound"), 10200017 no such element, 401 a wrong
 * parameter type. ArrayList, List and Vector answer `list[i]` like the platform's (a Proxy over the instance).
 */
export const CONTAINER_NAMES = ['ArrayList', 'Vector', 'List', 'LinkedList', 'Deque', 'Queue', 'Stack', 'HashMap', 'HashSet', 'TreeMap', 'TreeSet',
  'LightWeightMap', 'LightWeightSet', 'PlainArray'] as const;

export function installArkTsContainers(g: any): void {
  const rt = g.__rt;
  const err = (code: number, msg: string) => rt.kitError(code, msg);
  const range = (name: string, v: number, lo: number, hi: number) => {
    if (typeof v !== 'number' || Number.isNaN(v)) throw err(401, `Parameter error. The type of "${name}" must be number. Received value is: ${String(v)}`);
    if (!Number.isInteger(v) || v < lo || v > hi) throw err(10200001, `The value of "${name}" is out of range. It must be >= ${lo} && <= ${hi}. Received value is: ${v}`);
  };
  const fn = (name: string, f: unknown) => {
    if (typeof f !== 'function') throw err(401, `Parameter error. The type of "${name}" must be callable. Received value is: ${String(f)}`);
  };
  /** Every method checks `this` first, as the platform's do. */
  const bind = (C: any, names: string[]) => {
    for (const n of names) {
      const d = Object.getOwnPropertyDescriptor(C.prototype, n);
      if (!d || typeof d.value !== 'function') continue;
      const f = d.value;
      Object.defineProperty(C.prototype, n, { ...d, value: function (this: any, ...a: any[]) {
        if (!(this instanceof C)) throw err(10200011, `The ${n} method cannot be bound`);
        return f.apply(this, a);
      } });
    }
  };
  const methods = (C: any) => Object.getOwnPropertyNames(C.prototype).filter((n) => n !== 'constructor');
  const iterBind = (C: any) => {
    const f = C.prototype[Symbol.iterator];
    C.prototype[Symbol.iterator] = function (this: any) {
      if (!(this instanceof C)) throw err(10200011, 'The Symbol.iterator method cannot be bound');
      return f.call(this);
    };
  };
  /** `list[i]` reads and writes for the index-addressed containers. */
  const indexable = (self: any): any => new Proxy(self, {
    get(t, p, r) {
      if (typeof p === 'string' && /^(0|[1-9]\d*)$/.test(p)) { const i = Number(p); return i < t.items.length ? t.items[i] : undefined; }
      return Reflect.get(t, p, r);
    },
    set(t, p, v, r) {
      if (typeof p === 'string' && /^(0|[1-9]\d*)$/.test(p)) { const i = Number(p); range('index', i, 0, t.items.length - 1); t.items[i] = v; return true; }
      return Reflect.set(t, p, v, r);
    },
    has(t, p) { if (typeof p === 'string' && /^(0|[1-9]\d*)$/.test(p)) return Number(p) < t.items.length; return Reflect.has(t, p); },
  });
  const defaultCompare = (a: any, b: any) => { const x = String(a); const y = String(b); return x < y ? -1 : x > y ? 1 : 0; };
  const sortComparator = (c: any) => (c === undefined ? undefined : (fn('comparator', c), c));

  // ---- array-backed lists: ArrayList, Vector, List ----
  abstract class ArrayBacked<T> {
    items: T[] = [];
    get length(): number { return this.items.length; }
    add(e: T): boolean { this.items.push(e); return true; }
    insert(e: T, index: number): void { range('index', index, 0, this.items.length); this.items.splice(index, 0, e); }
    has(e: T): boolean { return this.items.includes(e); }
    getIndexOf(e: T): number { return this.items.indexOf(e); }
    getLastIndexOf(e: T): number { return this.items.lastIndexOf(e); }
    removeByIndex(index: number): T { if (!this.items.length) throw err(10200001, `The value of "index" is out of range. It must be >= 0 && <= -1. Received value is: ${index}`); range('index', index, 0, this.items.length - 1); return this.items.splice(index, 1)[0]; }
    remove(e: T): boolean { const i = this.items.indexOf(e); if (i < 0) return false; this.items.splice(i, 1); return true; }
    removeByRange(from: number, to: number): void {
      range('fromIndex', from, 0, this.items.length - 1);
      range('toIndex', to, from + 1, this.items.length);
      this.items.splice(from, to - from);
    }
    replaceAllElements(cb: (v: T, i: number, l: any) => T, thisArg?: any): void { fn('callbackFn', cb); for (let i = 0; i < this.items.length; i++) this.items[i] = cb.call(thisArg, this.items[i], i, this); }
    forEach(cb: (v: T, i: number, l: any) => void, thisArg?: any): void { fn('callbackFn', cb); for (let i = 0; i < this.items.length; i++) cb.call(thisArg, this.items[i], i, this); }
    sort(comparator?: (a: T, b: T) => number): void { this.items.sort(sortComparator(comparator) ?? defaultCompare); }
    clear(): void { this.items.length = 0; }
    convertToArray(): T[] { return this.items.slice(); }
    isEmpty(): boolean { return this.items.length === 0; }
    [Symbol.iterator](): IterableIterator<T> { return this.items.slice()[Symbol.iterator](); }
  }
  class ArrayList<T> extends ArrayBacked<T> {
    private cap = 10;
    constructor() { super(); return indexable(this); }
    subArrayList(from: number, to: number): ArrayList<T> {
      range('fromIndex', from, 0, this.items.length - 1); range('toIndex', to, from + 1, this.items.length);
      const l = new ArrayList<T>(); for (const x of this.items.slice(from, to)) l.add(x); return l;
    }
    clone(): ArrayList<T> { const l = new ArrayList<T>(); for (const x of this.items) l.add(x); return l; }
    getCapacity(): number { return Math.max(this.cap, this.items.length); }
    increaseCapacityTo(n: number): void { if (typeof n !== 'number') throw err(401, 'Parameter error. The type of "newCapacity" must be number.'); if (n > this.cap) this.cap = n; }
    trimToSize(): void { this.cap = this.items.length; }
  }
  class Vector<T> extends ArrayBacked<T> {
    private cap = 10;
    constructor() { super(); return indexable(this); }
    get(index: number): T { range('index', index, 0, this.items.length - 1); return this.items[index]; }
    set(index: number, e: T): T { range('index', index, 0, this.items.length - 1); this.items[index] = e; return e; }
    getFirstElement(): T | undefined { return this.items[0]; }
    getLastElement(): T | undefined { return this.items[this.items.length - 1]; }
    getIndexFrom(e: T, index: number): number { return this.items.indexOf(e, index); }
    getLastIndexFrom(e: T, index: number): number { return this.items.lastIndexOf(e, index); }
    removeByIndex(index: number): T { return super.removeByIndex(index); }
    setLength(n: number): void { if (n < this.items.length) this.items.length = n; else while (this.items.length < n) this.items.push(undefined as any); }
    subVector(from: number, to: number): Vector<T> { range('fromIndex', from, 0, this.items.length - 1); range('toIndex', to, from + 1, this.items.length); const v = new Vector<T>(); for (const x of this.items.slice(from, to)) v.add(x); return v; }
    clone(): Vector<T> { const v = new Vector<T>(); for (const x of this.items) v.add(x); return v; }
    getCapacity(): number { return Math.max(this.cap, this.items.length); }
    increaseCapacityTo(n: number): void { if (n > this.cap) this.cap = n; }
    trimToSize(): void { this.cap = this.items.length; }
    copyToArray(arr: T[]): void { for (let i = 0; i < this.items.length; i++) arr[i] = this.items[i]; }
    toString(): string { return this.items.join(','); }
  }
  class List<T> extends ArrayBacked<T> {
    constructor() { super(); return indexable(this); }
    get(index: number): T | undefined { range('index', index, 0, Math.max(0, this.items.length - 1)); return this.items[index]; }
    set(index: number, e: T): T { range('index', index, 0, this.items.length - 1); this.items[index] = e; return e; }
    getFirst(): T | undefined { return this.items[0]; }
    getLast(): T | undefined { return this.items[this.items.length - 1]; }
    equal(obj: any): boolean { const o = obj instanceof List ? obj.items : Array.isArray(obj) ? obj : null; return !!o && o.length === this.items.length && o.every((x: any, i: number) => x === this.items[i]); }
    getSubList(from: number, to: number): List<T> { range('fromIndex', from, 0, this.items.length - 1); range('toIndex', to, from + 1, this.items.length); const l = new List<T>(); for (const x of this.items.slice(from, to)) l.add(x); return l; }
  }

  // ---- LinkedList, Deque, Queue, Stack ----
  class LinkedList<T> {
    items: T[] = [];
    get length(): number { return this.items.length; }
    add(e: T): boolean { this.items.push(e); return true; }
    addFirst(e: T): void { this.items.unshift(e); }
    insert(index: number, e: T): void { range('index', index, 0, this.items.length); this.items.splice(index, 0, e); }
    has(e: T): boolean { return this.items.includes(e); }
    get(index: number): T { range('index', index, 0, this.items.length - 1); return this.items[index]; }
    getIndexOf(e: T): number { return this.items.indexOf(e); }
    getLastIndexOf(e: T): number { return this.items.lastIndexOf(e); }
    removeByIndex(index: number): T { range('index', index, 0, this.items.length - 1); return this.items.splice(index, 1)[0]; }
    removeFirst(): T { if (!this.items.length) throw err(10200010, 'Container is empty'); return this.items.shift()!; }
    removeLast(): T { if (!this.items.length) throw err(10200010, 'Container is empty'); return this.items.pop()!; }
    remove(e: T): boolean { const i = this.items.indexOf(e); if (i < 0) return false; this.items.splice(i, 1); return true; }
    removeFirstFound(e: T): boolean { if (!this.items.length) throw err(10200010, 'Container is empty'); const i = this.items.indexOf(e); if (i < 0) throw err(10200017, 'The element does not exist in this container'); this.items.splice(i, 1); return true; }
    removeLastFound(e: T): boolean { if (!this.items.length) throw err(10200010, 'Container is empty'); const i = this.items.lastIndexOf(e); if (i < 0) throw err(10200017, 'The element does not exist in this container'); this.items.splice(i, 1); return true; }
    clone(): LinkedList<T> { const l = new LinkedList<T>(); l.items = this.items.slice(); return l; }
    forEach(cb: (v: T, i: number, l: any) => void, thisArg?: any): void { fn('callbackFn', cb); for (let i = 0; i < this.items.length; i++) cb.call(thisArg, this.items[i], i, this); }
    clear(): void { this.items.length = 0; }
    set(index: number, e: T): T { range('index', index, 0, this.items.length - 1); this.items[index] = e; return e; }
    convertToArray(): T[] { return this.items.slice(); }
    getFirst(): T | undefined { return this.items[0]; }
    getLast(): T | undefined { return this.items[this.items.length - 1]; }
    [Symbol.iterator](): IterableIterator<T> { return this.items.slice()[Symbol.iterator](); }
  }
  class Deque<T> {
    items: T[] = [];
    get length(): number { return this.items.length; }
    insertFront(e: T): void { this.items.unshift(e); }
    insertEnd(e: T): void { this.items.push(e); }
    has(e: T): boolean { return this.items.includes(e); }
    getFirst(): T | undefined { return this.items[0]; }
    getLast(): T | undefined { return this.items[this.items.length - 1]; }
    popFirst(): T | undefined { return this.items.shift(); }
    popLast(): T | undefined { return this.items.pop(); }
    forEach(cb: (v: T, i: number, d: any) => void, thisArg?: any): void { fn('callbackFn', cb); for (let i = 0; i < this.items.length; i++) cb.call(thisArg, this.items[i], i, this); }
    [Symbol.iterator](): IterableIterator<T> { return this.items.slice()[Symbol.iterator](); }
  }
  class Queue<T> {
    items: T[] = [];
    get length(): number { return this.items.length; }
    add(e: T): boolean { this.items.push(e); return true; }
    getFirst(): T | undefined { return this.items[0]; }
    pop(): T | undefined { return this.items.shift(); }
    forEach(cb: (v: T, i: number, q: any) => void, thisArg?: any): void { fn('callbackFn', cb); for (let i = 0; i < this.items.length; i++) cb.call(thisArg, this.items[i], i, this); }
    [Symbol.iterator](): IterableIterator<T> { return this.items.slice()[Symbol.iterator](); }
  }
  class Stack<T> {
    items: T[] = [];
    get length(): number { return this.items.length; }
    isEmpty(): boolean { return this.items.length === 0; }
    peek(): T | undefined { return this.items[this.items.length - 1]; }
    pop(): T | undefined { return this.items.pop(); }
    push(e: T): T { this.items.push(e); return e; }
    locate(e: T): number { return this.items.indexOf(e); }
    forEach(cb: (v: T, i: number, s: any) => void, thisArg?: any): void { fn('callbackFn', cb); for (let i = 0; i < this.items.length; i++) cb.call(thisArg, this.items[i], i, this); }
    [Symbol.iterator](): IterableIterator<T> { return this.items.slice()[Symbol.iterator](); }
  }

  // ---- HashMap, HashSet ----
  const keyCheck = (k: any) => { if (k === undefined || k === null) throw err(401, 'Parameter error. The type of "key" must be not null.'); };
  class HashMap<K, V> {
    map = new Map<K, V>();
    get length(): number { return this.map.size; }
    isEmpty(): boolean { return this.map.size === 0; }
    hasKey(k: K): boolean { return this.map.has(k); }
    hasValue(v: V): boolean { for (const x of this.map.values()) if (x === v) return true; return false; }
    get(k: K): V | undefined { return this.map.get(k); }
    setAll(m: HashMap<K, V>): void { if (!(m instanceof HashMap)) throw err(401, 'Parameter error. The type of "map" must be HashMap.'); for (const [k, v] of m.map) this.map.set(k, v); }
    set(k: K, v: V): object { keyCheck(k); this.map.set(k, v); return this; }
    remove(k: K): V | undefined { const v = this.map.get(k); this.map.delete(k); return v; }
    clear(): void { this.map.clear(); }
    keys(): IterableIterator<K> { return [...this.map.keys()][Symbol.iterator](); }
    values(): IterableIterator<V> { return [...this.map.values()][Symbol.iterator](); }
    replace(k: K, v: V): boolean { if (!this.map.has(k)) return false; this.map.set(k, v); return true; }
    forEach(cb: (v: V, k: K, m: any) => void, thisArg?: any): void { fn('callbackFn', cb); for (const [k, v] of [...this.map]) cb.call(thisArg, v, k, this); }
    entries(): IterableIterator<[K, V]> { return [...this.map.entries()][Symbol.iterator](); }
    [Symbol.iterator](): IterableIterator<[K, V]> { return [...this.map.entries()][Symbol.iterator](); }
  }
  class HashSet<T> {
    set = new Set<T>();
    get length(): number { return this.set.size; }
    isEmpty(): boolean { return this.set.size === 0; }
    has(v: T): boolean { return this.set.has(v); }
    add(v: T): boolean { if (this.set.has(v)) return false; this.set.add(v); return true; }
    remove(v: T): boolean { return this.set.delete(v); }
    clear(): void { this.set.clear(); }
    forEach(cb: (v: T, k: T, s: any) => void, thisArg?: any): void { fn('callbackFn', cb); for (const v of [...this.set]) cb.call(thisArg, v, v, this); }
    values(): IterableIterator<T> { return [...this.set][Symbol.iterator](); }
    entries(): IterableIterator<[T, T]> { return [...this.set].map((v) => [v, v] as [T, T])[Symbol.iterator](); }
    [Symbol.iterator](): IterableIterator<T> { return [...this.set][Symbol.iterator](); }
  }

  // ---- TreeMap, TreeSet: kept sorted (binary search on insert) ----
  const cmpOf = (c: any) => (c === undefined || c === null ? (a: any, b: any) => (a < b ? -1 : a > b ? 1 : 0) : (fn('comparator', c), (a: any, b: any) => { const r = c(a, b); return typeof r === 'boolean' ? (r ? -1 : 1) : Number(r); }));
  const search = (keys: any[], k: any, cmp: (a: any, b: any) => number): [boolean, number] => {
    let lo = 0; let hi = keys.length;
    while (lo < hi) { const m = (lo + hi) >> 1; const r = cmp(keys[m], k); if (r === 0) return [true, m]; if (r < 0) lo = m + 1; else hi = m; }
    return [false, lo];
  };
  class TreeMap<K, V> {
    ks: K[] = []; vs: V[] = []; cmp: (a: any, b: any) => number;
    constructor(comparator?: (a: K, b: K) => number) { this.cmp = cmpOf(comparator); }
    get length(): number { return this.ks.length; }
    isEmpty(): boolean { return this.ks.length === 0; }
    hasKey(k: K): boolean { return search(this.ks, k, this.cmp)[0]; }
    hasValue(v: V): boolean { return this.vs.includes(v); }
    get(k: K): V | undefined { const [f, i] = search(this.ks, k, this.cmp); return f ? this.vs[i] : undefined; }
    getFirstKey(): K | undefined { return this.ks[0]; }
    getLastKey(): K | undefined { return this.ks[this.ks.length - 1]; }
    setAll(m: TreeMap<K, V>): void { if (!(m instanceof TreeMap)) throw err(401, 'Parameter error. The type of "map" must be TreeMap.'); m.ks.forEach((k, i) => this.set(k, m.vs[i])); }
    set(k: K, v: V): object { keyCheck(k); const [f, i] = search(this.ks, k, this.cmp); if (f) this.vs[i] = v; else { this.ks.splice(i, 0, k); this.vs.splice(i, 0, v); } return this; }
    remove(k: K): V | undefined { const [f, i] = search(this.ks, k, this.cmp); if (!f) return undefined; this.ks.splice(i, 1); return this.vs.splice(i, 1)[0]; }
    getLowerKey(k: K): K | undefined { const [f, i] = search(this.ks, k, this.cmp); void f; return i > 0 ? this.ks[i - 1] : undefined; }
    getHigherKey(k: K): K | undefined { const [f, i] = search(this.ks, k, this.cmp); const j = f ? i + 1 : i; return this.ks[j]; }
    replace(k: K, v: V): boolean { const [f, i] = search(this.ks, k, this.cmp); if (!f) return false; this.vs[i] = v; return true; }
    clear(): void { this.ks = []; this.vs = []; }
    keys(): IterableIterator<K> { return this.ks.slice()[Symbol.iterator](); }
    values(): IterableIterator<V> { return this.vs.slice()[Symbol.iterator](); }
    forEach(cb: (v: V, k: K, m: any) => void, thisArg?: any): void { fn('callbackFn', cb); const ks = this.ks.slice(); const vs = this.vs.slice(); ks.forEach((k, i) => cb.call(thisArg, vs[i], k, this)); }
    entries(): IterableIterator<[K, V]> { return this.ks.map((k, i) => [k, this.vs[i]] as [K, V])[Symbol.iterator](); }
    [Symbol.iterator](): IterableIterator<[K, V]> { return this.entries(); }
  }
  class TreeSet<T> {
    ks: T[] = []; cmp: (a: any, b: any) => number;
    constructor(comparator?: (a: T, b: T) => number) { this.cmp = cmpOf(comparator); }
    get length(): number { return this.ks.length; }
    isEmpty(): boolean { return this.ks.length === 0; }
    has(v: T): boolean { return search(this.ks, v, this.cmp)[0]; }
    add(v: T): boolean { keyCheck(v); const [f, i] = search(this.ks, v, this.cmp); if (f) return false; this.ks.splice(i, 0, v); return true; }
    remove(v: T): boolean { const [f, i] = search(this.ks, v, this.cmp); if (!f) return false; this.ks.splice(i, 1); return true; }
    clear(): void { this.ks = []; }
    getFirstValue(): T | undefined { return this.ks[0]; }
    getLastValue(): T | undefined { return this.ks[this.ks.length - 1]; }
    getLowerValue(v: T): T | undefined { const [, i] = search(this.ks, v, this.cmp); return i > 0 ? this.ks[i - 1] : undefined; }
    getHigherValue(v: T): T | undefined { const [f, i] = search(this.ks, v, this.cmp); return this.ks[f ? i + 1 : i]; }
    popFirst(): T | undefined { return this.ks.shift(); }
    popLast(): T | undefined { return this.ks.pop(); }
    forEach(cb: (v: T, k: T, s: any) => void, thisArg?: any): void { fn('callbackFn', cb); for (const v of this.ks.slice()) cb.call(thisArg, v, v, this); }
    values(): IterableIterator<T> { return this.ks.slice()[Symbol.iterator](); }
    entries(): IterableIterator<[T, T]> { return this.ks.map((v) => [v, v] as [T, T])[Symbol.iterator](); }
    [Symbol.iterator](): IterableIterator<T> { return this.ks.slice()[Symbol.iterator](); }
  }

  // ---- LightWeightMap, LightWeightSet: ordered by the key's hash, as the platform's ----
  const hashOf = (k: any): number => {
    if (typeof k === 'number') return Number.isInteger(k) ? k | 0 : Math.floor(k * 1000) | 0;
    if (typeof k === 'string') { let h = 0; for (let i = 0; i < k.length; i++) h = (Math.imul(h, 31) + k.charCodeAt(i)) | 0; return h; }
    if (typeof k === 'boolean') return k ? 1 : 0;
    if (k !== null && typeof k === 'object') return rt.identityHash(k);
    return 0;
  };
  const hashCmp = (a: any, b: any) => { const x = hashOf(a); const y = hashOf(b); return x !== y ? x - y : a === b ? 0 : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0; };
  class LightWeightMap<K, V> extends TreeMap<K, V> {
    constructor() { super(hashCmp); }
    hasAll(m: LightWeightMap<K, V>): boolean { return m.ks.every((k, i) => this.hasKey(k) && this.get(k) === m.vs[i]); }
    increaseCapacityTo(_n: number): void {}
    getIndexOfKey(k: K): number { const [f, i] = search(this.ks, k, this.cmp); return f ? i : -1; }
    getIndexOfValue(v: V): number { return this.vs.indexOf(v); }
    getKeyAt(i: number): K { range('index', i, 0, this.ks.length - 1); return this.ks[i]; }
    getValueAt(i: number): V { range('index', i, 0, this.ks.length - 1); return this.vs[i]; }
    setValueAt(i: number, v: V): boolean { range('index', i, 0, this.ks.length - 1); this.vs[i] = v; return true; }
    removeAt(i: number): boolean { if (i < 0 || i >= this.ks.length) return false; this.ks.splice(i, 1); this.vs.splice(i, 1); return true; }
    toString(): string { return this.ks.map((k, i) => `${k}:${this.vs[i]}`).join(','); }
  }
  class LightWeightSet<T> extends TreeSet<T> {
    constructor() { super(hashCmp); }
    addAll(s: LightWeightSet<T>): boolean { let changed = false; for (const v of s.ks) changed = this.add(v) || changed; return changed; }
    hasAll(s: LightWeightSet<T>): boolean { return s.ks.every((v) => this.has(v)); }
    increaseCapacityTo(_n: number): void {}
    getIndexOf(v: T): number { const [f, i] = search(this.ks, v, this.cmp); return f ? i : -1; }
    removeAt(i: number): boolean { if (i < 0 || i >= this.ks.length) return false; this.ks.splice(i, 1); return true; }
    getValueAt(i: number): T { return this.ks[i]; }
    equal(o: any): boolean { const arr = o instanceof LightWeightSet ? o.ks : Array.isArray(o) ? o : null; return !!arr && arr.length === this.ks.length && arr.every((v: any) => this.has(v)); }
    toArray(): T[] { return this.ks.slice(); }
    toString(): string { return this.ks.join(','); }
  }

  // ---- PlainArray: number keys, sorted ----
  class PlainArray<T> {
    ks: number[] = []; vs: T[] = [];
    private cmp = (a: number, b: number) => a - b;
    get length(): number { return this.ks.length; }
    private k(key: number) { if (typeof key !== 'number') throw err(401, `Parameter error. The type of "key" must be number. Received value is: ${String(key)}`); }
    add(key: number, v: T): void { this.k(key); const [f, i] = search(this.ks, key, this.cmp); if (f) this.vs[i] = v; else { this.ks.splice(i, 0, key); this.vs.splice(i, 0, v); } }
    clear(): void { this.ks = []; this.vs = []; }
    clone(): PlainArray<T> { const p = new PlainArray<T>(); p.ks = this.ks.slice(); p.vs = this.vs.slice(); return p; }
    has(key: number): boolean { this.k(key); return search(this.ks, key, this.cmp)[0]; }
    get(key: number): T | undefined { this.k(key); const [f, i] = search(this.ks, key, this.cmp); return f ? this.vs[i] : undefined; }
    getIndexOfKey(key: number): number { this.k(key); const [f, i] = search(this.ks, key, this.cmp); return f ? i : -1; }
    getIndexOfValue(v: T): number { return this.vs.indexOf(v); }
    isEmpty(): boolean { return this.ks.length === 0; }
    getKeyAt(i: number): number { range('index', i, 0, this.ks.length - 1); return this.ks[i]; }
    remove(key: number): T | undefined { this.k(key); const [f, i] = search(this.ks, key, this.cmp); if (!f) return undefined; this.ks.splice(i, 1); return this.vs.splice(i, 1)[0]; }
    removeAt(i: number): T | undefined { range('index', i, 0, this.ks.length - 1); this.ks.splice(i, 1); return this.vs.splice(i, 1)[0]; }
    removeRangeFrom(i: number, size: number): number { range('index', i, 0, this.ks.length - 1); const n = Math.min(size, this.ks.length - i); this.ks.splice(i, n); this.vs.splice(i, n); return n; }
    setValueAt(i: number, v: T): void { range('index', i, 0, this.ks.length - 1); this.vs[i] = v; }
    toString(): string { return this.ks.map((k, i) => `${k}:${this.vs[i]}`).join(','); }
    getValueAt(i: number): T { range('index', i, 0, this.ks.length - 1); return this.vs[i]; }
    forEach(cb: (v: T, k: number, p: any) => void, thisArg?: any): void { fn('callbackFn', cb); this.ks.slice().forEach((k, i) => cb.call(thisArg, this.vs[i], k, this)); }
    [Symbol.iterator](): IterableIterator<[number, T]> { return this.ks.map((k, i) => [k, this.vs[i]] as [number, T])[Symbol.iterator](); }
  }

  const all: Record<string, any> = { ArrayList, Vector, List, LinkedList, Deque, Queue, Stack, HashMap, HashSet, TreeMap, TreeSet, LightWeightMap, LightWeightSet, PlainArray };
  for (const [name, C] of Object.entries(all)) {
    const own = new Set<string>();
    for (let p = C.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) for (const m of methods({ prototype: p })) own.add(m);
    // Inherited methods are re-bound on each class so the check names the right container.
    for (const m of own) if (!Object.prototype.hasOwnProperty.call(C.prototype, m)) { const d = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(C.prototype), m) ?? findDesc(C.prototype, m); if (d && typeof d.value === 'function') Object.defineProperty(C.prototype, m, d); }
    bind(C, [...own].filter((m) => m !== 'length'));
    iterBind(C);
    Object.defineProperty(C, 'name', { value: name });
    rt.defineModule(`@ohos.util.${name}`, () => ({ default: C, [name]: C }));
  }
  function findDesc(proto: any, m: string): PropertyDescriptor | undefined {
    for (let p = proto; p; p = Object.getPrototypeOf(p)) { const d = Object.getOwnPropertyDescriptor(p, m); if (d) return d; }
    return undefined;
  }
}
