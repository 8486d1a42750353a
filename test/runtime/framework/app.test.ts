import { describe, expect, it } from 'vitest';
import { launchSource, page, show, stateProp } from '../helpers.js';

const text = (expr: string) => `this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create(${expr}); }, Text); Text.pop();`;
const button = (label: string, body: string) => `this.observeComponentCreation2((elmtId, isInitialRender) => { Button.createWithLabel("${label}"); Button.onClick(() => { ${body} }); }, Button); Button.pop();`;
const col = (inner: string) => `this.observeComponentCreation2((elmtId, isInitialRender) => { Column.create(); }, Column); ${inner} Column.pop();`;
const ROUTER = 'const router = __hmosKit("@ohos.router").default;\n';
const lifecycle = (tag: string) => `
  aboutToAppear() { console.info("${tag} aboutToAppear"); }
  onDidBuild() { console.info("${tag} onDidBuild"); }
  aboutToDisappear() { console.info("${tag} aboutToDisappear"); }
  onPageShow() { console.info("${tag} onPageShow"); }
  onPageHide() { console.info("${tag} onPageHide"); }`;
const msgs = (app: { logs: { message: string }[] }) => app.logs.map((l) => l.message);

describe('application model', () => {
  it('UIAbility lifecycle, loadContent, router push/back with params and page lifecycle', async () => {
    const code = ROUTER + `
class EntryAbility extends UIAbility {
  onCreate(want, launchParam) { console.info("onCreate " + want.parameters.x + " " + launchParam.launchReason + " " + this.context.filesDir); }
  onWindowStageCreate(ws) { console.info("onWindowStageCreate"); ws.loadContent("pages/Index", (err) => { console.info("loaded " + err.code); }); }
  onForeground() { console.info("onForeground"); }
  onBackground() { console.info("onBackground"); }
  onWindowStageDestroy() { console.info("onWindowStageDestroy"); }
  onDestroy() { console.info("onDestroy"); }
}` + page('Index', '', col(text('"home"') + button('go', 'router.pushUrl({ url: "pages/Second", params: { id: 7 } });')), lifecycle('Index')) +
      page('Second', '', col(text('"second " + router.getParams().id + " len " + router.getLength() + " " + router.getState().name')), lifecycle('Second'), 'pages/Second') +
      '__hmosRegisterModule({ bundleName: "com.example.test", moduleName: "entry", abilities: { EntryAbility }, pages: ["pages/Index", "pages/Second"] });';
    const app = launchSource(code, { want: { parameters: { x: 'hi' } } });
    expect(msgs(app)).toEqual(['onCreate hi 1 /data/storage/el2/base/haps/entry/files', 'onWindowStageCreate', 'Index aboutToAppear', 'Index onDidBuild',
      'Index onPageShow', 'loaded 0', 'onForeground']);
    expect(app.page()).toBe('pages/Index');
    app.click(app.findText('go')!);
    expect(app.page()).toBe('pages/Second');
    // During the page transition both pages are drawn (the old one leaving); then only the new one.
    expect(show(app.tree())).toBe('Root[Column[Text("home") Button("go")] Column[Text("second 7 len 2 Second")]]');
    await app.finishAnimations();
    expect(show(app.tree())).toBe('Root[Column[Text("second 7 len 2 Second")]]');
    app.back();
    expect(app.page()).toBe('pages/Index');
    await app.finishAnimations();
    expect(msgs(app).slice(7)).toEqual(['Index onPageHide', 'Second aboutToAppear', 'Second onDidBuild', 'Second onPageShow',
      'Second onPageHide', 'Index onPageShow', 'Second aboutToDisappear']); // the page that left goes when its transition ends
    app.back(); // last page: the app exits
    expect(msgs(app).slice(-5)).toEqual(['Index onPageHide', 'Index aboutToDisappear', 'onBackground', 'onWindowStageDestroy', 'onDestroy']);
  });

  it('router refuses unknown pages (100002) and more than 32 pages (100003); onBackPress can keep the page', async () => {
    const code = ROUTER + page('Index', stateProp('msg', '""'), col(text('this.msg') +
      button('bad', 'router.pushUrl({ url: "pages/Nope" }).catch((e) => { this.msg = "err " + e.code; });') +
      button('many', 'for (let i = 0; i < 40; i++) router.pushUrl({ url: "pages/Index" }).catch((e) => { console.error("push " + e.code); });')),
    'onBackPress() { return this.msg === "keep"; }');
    const app = launchSource(code);
    app.click(app.findText('bad')!);
    await app.settle();
    expect(show(app.tree())).toContain('Text("err 100002")');
    app.click(app.findText('many')!);
    await app.settle();
    expect(app.evaluate('router.getLength()')).toBe('32');
    expect(app.logs.filter((l) => l.message === 'push 100003')).toHaveLength(9);
    app.evaluate('router.clear()');
    expect(app.evaluate('router.getLength()')).toBe('1');
    const app2 = launchSource(page('Index', stateProp('msg', '"keep"'), col(text('this.msg')), 'onBackPress() { return this.msg === "keep"; }'));
    expect(app2.back()).toBe('handled');
    expect(app2.page()).toBe('pages/Index');
  });

  it('launching a page that does not exist shows a crash screen naming the known pages', () => {
    const app = launchSource(page('Index', '', col(text('"x"'))), { page: 'pages/Missing' });
    expect(app.crash?.message).toContain("'pages/Missing' is not registered");
    expect(show(app.tree())).toContain('Text("com.example.test has stopped")');
  });

  it('promptAction.showDialog resolves with the clicked button; toasts and AlertDialog are dialog nodes', async () => {
    const code = 'const promptAction = __hmosKit("@kit.ArkUI").promptAction;\n' + page('Index', stateProp('r', '"none"'), col(text('"r=" + this.r') +
      button('ask', 'promptAction.showDialog({ title: "T", message: "M", buttons: [{ text: "no" }, { text: "yes" }] }).then((res) => { this.r = "idx" + res.index; });') +
      button('toast', 'promptAction.showToast({ message: "saved" });')));
    const app = launchSource(code);
    app.click(app.findText('ask')!);
    expect(show(app.tree())).toBe('Root[Column[Text("r=none") Button("ask") Button("toast")] Dialog[Column[Text("T") Text("M") Button("no") Button("yes")]]]');
    app.click(app.findText('yes')!);
    await app.settle();
    expect(show(app.tree())).toBe('Root[Column[Text("r=idx1") Button("ask") Button("toast")]]');
    app.click(app.findText('toast')!);
    expect(show(app.tree())).toContain('Toast("saved")[Text("saved")]');
  });

  it('CustomDialogController opens a custom component as a dialog and closes it', () => {
    const code = `
class Dlg extends ViewPU {
  constructor(parent, params, __localStorage, elmtId = -1, paramsLambda = undefined, extraInfo) { super(parent, __localStorage, elmtId, extraInfo); this.controller = undefined; this.finalizeConstruction(); }
  initialRender() { ${col(text('"in dialog"') + button('close', 'this.controller.close();'))} }
  rerender() { this.updateDirtyElements(); }
}` + page('Index', `this.dialogController = new CustomDialogController({ builder: () => { let jsDialog = new Dlg(this, {}, undefined, -1, () => { }, {}); jsDialog.setController(this.dialogController); ViewPU.create(jsDialog); } }, this);`,
      col(button('open', 'this.dialogController.open();')));
    const app = launchSource(code);
    app.click(app.findText('open')!);
    expect(show(app.tree())).toBe('Root[Column[Button("open")] Dialog[Column[Text("in dialog") Button("close")]]]');
    app.click(app.findText('close')!);
    expect(show(app.tree())).toBe('Root[Column[Button("open")]]');
    app.click(app.findText('open')!);
    expect(app.back()).toBe('dialog');
    expect(show(app.tree())).toBe('Root[Column[Button("open")]]');
  });

  it('Navigation + NavPathStack show the top destination from the navDestination builder', async () => {
    const code = page('Index', 'this.stack = new NavPathStack();', `
      this.observeComponentCreation2((elmtId, isInitialRender) => { Navigation.create(this.stack, { moduleName: "entry", pagePath: "", isUserCreateStack: true }); Navigation.navDestination({ builder: this.PageMap.bind(this) }); Navigation.title("Main"); }, Navigation);
      ${button('detail', 'this.stack.pushPathByName("Detail", { id: 3 });')}
      Navigation.pop();`, `
      PageMap(name, param, parent = null) {
        this.observeComponentCreation2((elmtId, isInitialRender) => { NavDestination.create(() => {}, { moduleName: "entry", pagePath: "" }); NavDestination.title(name); }, NavDestination);
        ${text('name + " " + param.id')}
        this.observeComponentCreation2((elmtId, isInitialRender) => { Button.createWithLabel("pop"); Button.onClick(() => { this.stack.pop(); }); }, Button); Button.pop();
        NavDestination.pop();
      }`);
    const app = launchSource(code);
    expect(show(app.tree())).toBe('Root[Navigation[Button("detail")]]');
    app.click(app.findText('detail')!);
    expect(show(app.tree())).toBe('Root[Navigation[Button("detail") NavDestination[Text("Detail 3") Button("pop")]]]');
    app.click(app.findText('pop')!);
    await app.finishAnimations(); // the destination leaves with the system's transition
    expect(show(app.tree())).toBe('Root[Navigation[Button("detail")]]');
  });

  it('pages opened directly get a context and UIContext; onNewWant reaches the running ability', () => {
    const app = launchSource(page('Index', '', '', 'aboutToAppear() { console.info(getContext(this).filesDir + " " + this.getUIContext().getRouter().getLength()); }'), { page: 'pages/Index' });
    expect(app.logs.map((l) => l.message)).toEqual(['/data/storage/el2/base/haps/entry/files 1']);
    const withAbility = launchSource(`class EntryAbility extends UIAbility {
      onWindowStageCreate(ws) { ws.loadContent("pages/Index"); }
      onNewWant(want) { console.info("newWant " + want.parameters.q); } }
      __hmosRegisterModule({ bundleName: "b", moduleName: "entry", abilities: { EntryAbility }, pages: ["pages/Index"] });` + page('Index', '', ''));
    withAbility.newWant({ parameters: { q: 'again' } });
    expect(withAbility.logs.map((l) => l.message)).toEqual(['newWant again']);
  });
});
