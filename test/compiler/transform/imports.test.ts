import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/cli.js';
import { compiles, errors, transform } from './helpers.js';
import { readFileSync } from 'node:fs';
import { scanStructs } from '../../../src/compiler/transform/foreign-structs.js';

const page = join(repoRoot, 'test/fixtures/transform/imports/entry/src/main/ets/pages/Index.ets');

describe('transformEts: components imported from other .ets files', () => {
  const r = transform(readFileSync(page, 'utf8'), { fileName: page, pagePath: 'pages/Index' });

  it('uses the imported struct\'s @BuilderParam for a trailing closure and its @Link to pass the state object', () => {
    expect(errors(r)).toEqual([]);
    expect(r.code).toMatch(/new Card\(this, \{ count: this\.__n, content: \(\) => \{/);
    expect(r.code).toContain('this.updateStateVarsOfChildByElmtId(elmtId, {  });');
    compiles(r.code);
  });

  it('recycles an imported @Reusable component and creates a V2 one with ViewV2.create', () => {
    expect(r.code).toContain('__Recycle__.create();');
    expect(r.code).toContain('this.observeRecycleComponentCreation("Card", (elmtId, isInitialRender, recycleNode = null) => {');
    expect(r.code).toContain('ViewPU.createRecycle(componentCall, recycleNode !== null, "Card", () => {');
    expect(r.code).toMatch(/new CountBadge\(this, \{ value: this\.n \}[^\n]*\n\s+ViewV2\.create\(componentCall\);/);
  });

  it('the @Reusable struct re-binds its state on recycling', () => {
    const card = transform(readFileSync(join(repoRoot, 'test/fixtures/transform/imports/entry/src/main/ets/components/Card.ets'), 'utf8'));
    expect(card.code).toContain('updateRecycleElmtId(oldElmtId, newElmtId) {');
    expect(card.code).toContain('this.__count.updateElmtId(oldElmtId, newElmtId);');
    expect(card.code).toContain('export class Card extends ViewPU {');
  });

  it('an imported struct whose name starts with a lower-case letter is a component, not a function call', () => {
    const lower = join(repoRoot, 'test/fixtures/transform/imports/entry/src/main/ets/pages/Lower.ets');
    const out = transform(readFileSync(lower, 'utf8'), { fileName: lower, pagePath: 'pages/Lower' });
    expect(errors(out)).toEqual([]);
    expect(out.code).toMatch(/new smallCard\(this, \{ hidden: this\.__hidden \}/);
    // a lower-case @Builder function stays a builder call
    expect(out.code).toContain("footer.bind(this)('end');");
    compiles(out.code);
  });

  it('the struct scan skips braces in strings and comments', () => {
    const shapes = scanStructs(`/* struct X { */\nstruct A {\n  s = '}'\n  @BuilderParam b: () => void\n}\n@ComponentV2 struct B { @Link l: number }`);
    expect([...shapes.keys()]).toEqual(['A', 'B']);
    expect(shapes.get('A')).toEqual({ v2: false, reusable: false, builderParams: ['b'], links: [] });
    expect(shapes.get('B')?.v2).toBe(true);
  });
});

describe('transformEts: a namespace re-export and @Entry(options variable)', () => {
  const file = join(repoRoot, 'test/fixtures/transform/namespace/Profile.ets');
  const r = transform(readFileSync(file, 'utf8'), { fileName: file, pagePath: 'pages/Profile' });

  it('`Ns.Child({...})` of an imported `export * as Ns` is a component', () => {
    expect(errors(r)).toEqual([]);
    expect(r.code).toMatch(/new Badges\.StarBadge\(this, \{ label: 'gold' \}/);
    compiles(r.code);
  });

  it('@Entry(variable) decides at run time whether it is a LocalStorage or route options', () => {
    expect(r.code).toContain('const __entryOptions: any = entryOptions;');
    expect(r.code).toContain('isOptions && __entryOptions.routeName !== undefined ? __entryOptions.routeName : ""');
  });
});
