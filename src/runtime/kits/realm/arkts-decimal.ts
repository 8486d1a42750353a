/**
 * `@arkts.math.Decimal` in the app realm: decimal.js (whose API the platform's Decimal mirrors) evaluated inside the
 * realm when the app first imports it (kits/realm-libraries.ts), with the platform's error codes in place of
 * decimal.js's `[DecimalError]` messages:
 * 10200001 a value out of range, 10200060 precision limit exceeded, 10200061 crypto unavailable, 401 bad arguments.
 */
export function installArkTsDecimal(g: any): void {
  const rt = g.__rt;
  rt.defineModule('@arkts.math.Decimal', () => {
  rt.kitCall('sys.library', { name: 'decimal' });
  const decimalExports = rt.libraries.decimal;
  const Base = decimalExports.Decimal ?? decimalExports.default ?? decimalExports;
  const D = Base.clone({ precision: 20, rounding: 4, toExpNeg: -7, toExpPos: 21, minE: -9e15, maxE: 9e15, crypto: false, modulo: 1 });
  const translate = (e: any) => {
    const msg = String(e?.message ?? e);
    if (!msg.includes('[DecimalError]')) return e;
    const text = msg.replace('[DecimalError] ', '');
    const code = /crypto/i.test(text) ? 10200061 : /precision limit/i.test(text) ? 10200060 : /Invalid argument/i.test(text) ? 10200001 : 401;
    return rt.kitError(code, `${code === 10200001 ? 'The value of the parameter is out of range. ' : ''}${text}`);
  };
  const guard = (f: any) => function (this: any, ...a: any[]) { try { return f.apply(this, a); } catch (e) { throw translate(e); } };
  for (const k of Object.getOwnPropertyNames(D.prototype)) {
    const d = Object.getOwnPropertyDescriptor(D.prototype, k);
    if (k !== 'constructor' && d && typeof d.value === 'function') D.prototype[k] = guard(d.value);
  }
  for (const k of Object.keys(D)) if (typeof D[k] === 'function' && k !== 'clone') D[k] = guard(D[k]);
  const Decimal = new Proxy(D, {
    construct(t, args) { try { return Reflect.construct(t, args); } catch (e) { throw translate(e); } },
    apply(t, self, args) { try { return Reflect.apply(t, self, args); } catch (e) { throw translate(e); } },
  });
  return { default: Decimal, Decimal };
  });
}
