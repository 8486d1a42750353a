import { describe, expect, it } from 'vitest';
import { runHmos, tempDir } from '../helpers/cli.js';
import { copyFixture } from '../helpers/fixture.js';

// Tabs and Swiper through `hmos preview --do`: tab-bar clicks, swipes and the app's own controllers.
const project = copyFixture('fidelity/pager-app');
const home = tempDir('hmos-pager-home-');
const preview = (...actions: string[]) =>
  runHmos(['preview', project, ...actions.flatMap((a) => ['--do', a])], { env: { HMOS_HOME: home } });

describe('Tabs and Swiper in preview', () => {
  it('clicking a tab-bar item switches the tab and fires onChange', async () => {
    const r = await preview('click:text=Feed');
    expect(r.stderr).not.toMatch(/error/);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Text "tab 1, 1 changes, slide 0"');
    expect(r.stdout).toContain('Text "Slide A"');
    expect(r.stdout).not.toContain('Home page');
  });

  it('TabsController.changeIndex and SwiperController.showNext switch pages; a swipe moves one slide', async () => {
    const r = await preview('click:text=Open Settings');
    expect(r.stdout).toContain('Text "Settings page"');
    expect(r.stdout).toContain('Text "tab 2, 1 changes, slide 0"');
    const s = await preview('click:text=Feed', 'swipe:left:text=Slide A', 'click:text=Next slide', 'click:text=Next slide');
    expect(s.exitCode).toBe(0);
    // loop(false): the last slide stays
    expect(s.stdout).toContain('Text "Slide C"');
    expect(s.stdout).toContain('Text "tab 1, 1 changes, slide 2"');
    const back = await preview('click:text=Feed', 'swipe:left:text=Slide A', 'swipe:right:text=Slide B');
    expect(back.stdout).toContain('Text "Slide A"');
  });
});

describe('unhandled promise rejections in app code', () => {
  it('are logged by the device; the app and the CLI keep running', async () => {
    const r = await runHmos(['preview', project, '--page', 'pages/Reject'], { env: { HMOS_HOME: home } });
    expect(r.stderr).not.toMatch(/Unhandled|ERR_UNHANDLED_REJECTION/);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Text "still running"');
  });
});

describe('events layout causes', () => {
  it('GridRow onBreakpointChange and onAreaChange reach the app on each device', async () => {
    const phone = await runHmos(['preview', project, '--page', 'pages/Adaptive'], { env: { HMOS_HOME: home } });
    expect(phone.exitCode).toBe(0);
    expect(phone.stdout).toContain('Text "bp sm"');
    expect(phone.stdout).toContain('Text "size 120x30"');
    const tablet = await runHmos(['preview', project, '--page', 'pages/Adaptive', '--device', 'tablet'], { env: { HMOS_HOME: home } });
    expect(tablet.stdout).toContain('Text "bp md"');
    expect(tablet.stdout).toMatch(/GridCol \[\d+(\.\d+)?, [\d.]+, 400, /); // span md: 6 of 12 on an 800 vp window
  });
});

describe('custom tab bars', () => {
  it('a @Builder tab bar is drawn in the bar, not in the content; clicking it runs its onClick and switches', async () => {
    const first = await runHmos(['preview', project, '--page', 'pages/CustomBar'], { env: { HMOS_HOME: home } });
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(/TabBarItem \[0, 724, 120, 56\]\n\s+Column \[0, [\d.]+, 120, 19.2\]\n\s+Text "\[Home\]"/);
    expect(first.stdout).toContain('TabBarItem "Styled"');
    const r = await runHmos(['preview', project, '--page', 'pages/CustomBar', '--do', 'click:text=Mine', '--do', 'click:text=Styled'], { env: { HMOS_HOME: home } });
    expect(r.stdout).toContain('Text "[Mine]"'); // the builder's onClick ran and its state re-rendered the bar
    expect(r.stdout).toContain('Text "Styled page"'); // a styled bar item switches by itself
  });
});
