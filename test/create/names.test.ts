import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultBundleName, parseDeviceTypes, validateBundleName, validateProjectName } from '../../src/create/names.js';
import { isHmosError } from '../../src/errors.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return isHmosError(err) ? err.code : 'NOT_AN_HMOS_ERROR';
  }
};

describe('project names', () => {
  it('accepts letters, digits, _ and - after a leading letter', () => {
    for (const ok of ['MyApp', 'my_app', 'my-app', 'a', 'App2', 'Class']) expect(validateProjectName(ok)).toBe(ok);
  });

  it('refuses empty, spaced, digit-led, reserved and odd names', () => {
    for (const bad of ['', '  ', 'my app', '9lives', 'class', 'struct', 'await', 'default', 'café', 'a.b', '-x', 'x'.repeat(65)]) {
      expect(codeOf(() => validateProjectName(bad)), bad).toBe('CREATE_INVALID_NAME');
    }
  });

  it('derives a valid default bundle name from every valid project name', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,40}$/), (name) => {
      expect(() => validateBundleName(defaultBundleName(name))).not.toThrow();
      expect(defaultBundleName(name)).toMatch(/^com\.example\.[a-z0-9_]+$/);
    }));
  });
});

describe('bundle names', () => {
  it('accepts reverse-domain names of three or more segments', () => {
    for (const ok of ['com.example.app', 'com.huawei.hmos.demo', 'org.a_b.c1', 'c.d.efgh', 'com.atomicservice.1234567890123456789', 'com.9example.app']) expect(validateBundleName(ok)).toBe(ok);
  });

  it.each([
    ['com.example', /at least three/],
    ['a.b.c', /7 to 128 bytes/],
    [`com.example.${'a'.repeat(117)}`, /129 bytes/],
    ['com.example.ünï', /not allowed/],
    ['com.example.my app', /not allowed/],
    ['com.example._app', /not allowed/],
    ['9com.example.app', /starts with a digit/],
    ['com.example.app.', /empty segment/],
  ])('refuses %j', (name, message) => {
    expect(() => validateBundleName(name)).toThrow(message);
    expect(codeOf(() => validateBundleName(name))).toBe('CREATE_INVALID_BUNDLE_NAME');
  });

  it('allows exactly 128 bytes', () => {
    expect(validateBundleName(`com.example.${'a'.repeat(116)}`)).toHaveLength(128);
  });
});

describe('device types', () => {
  it('resolves aliases, drops duplicates and keeps the order', () => {
    expect(parseDeviceTypes('tablet,watch,pc,wearable, phone')).toEqual(['tablet', 'wearable', '2in1', 'phone']);
    expect(parseDeviceTypes('default')).toEqual(['phone']);
  });

  it('refuses unknown and empty lists, naming the valid types', () => {
    expect(() => parseDeviceTypes('phone,toaster')).toThrow(/Unknown device type "toaster"\. Valid device types: phone, tablet, 2in1, wearable, tv, car/);
    expect(codeOf(() => parseDeviceTypes(' , '))).toBe('CREATE_UNKNOWN_DEVICE_TYPE');
  });
});
