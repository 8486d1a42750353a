// Preloaded into an hmos process by tests (NODE_OPTIONS=--import=…): json5 throws a plain TypeError — a stand-in for a
// bug in hmos — on any text holding HMOS_TEST_INTERNAL_ERROR. dist/ requires json5, so this is the same module.
import { createRequire } from 'node:module';

const json5 = createRequire(new URL('../../package.json', import.meta.url))('json5');
const parse = json5.parse;
json5.parse = (text, reviver) => {
  if (String(text).includes('HMOS_TEST_INTERNAL_ERROR')) throw new TypeError('injected bug');
  return parse(text, reviver);
};
