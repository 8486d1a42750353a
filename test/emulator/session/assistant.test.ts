import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/cli.js';
import { copyFixture } from '../../helpers/fixture.js';
import { cellsToText } from '../../../src/runtime/render/cells.js';
import { askAssistant } from '../../../src/emulator/session/assistant.js';
import { EmulatorSession } from '../../../src/emulator/session/session.js';
import { until } from '../../helpers/wait.js';

const sessions: EmulatorSession[] = [];
afterEach(async () => { await Promise.all(sessions.splice(0).map((s) => s.close())); });


describe('the emulator assistant (a key)', () => {
  it('runs the intent the utterance picks inside the focused device\'s app: its screen shows the effect', async () => {
    const session = new EmulatorSession({ dir: copyFixture('agent-exec'), types: ['phone'], home: tempDir(), sizeFor: () => ({ cols: 60, rows: 30 }) });
    sessions.push(session);
    expect(await askAssistant(undefined, 'echo hi')).toContain('No app is running');
    await session.start();
    const [phone] = session.devices;
    await until(() => Boolean(phone.surface.frame?.bundleName));
    expect(await askAssistant(phone, 'echo good morning')).toBe('→ Echo {"text":"good morning"} ran on phone-1, code 0: {"echoed":"good morning"}');
    await until(() => cellsToText(phone.surface.frame!.grid).includes('echo: good morning'));
    expect(await askAssistant(phone, 'explode')).toBe('→ Explode {} failed (INTENT_FAILED): Error: kaboom');
    expect(await askAssistant(phone, "what's the weather in Paris")).toMatch(/^No intent matches/);
    expect(await askAssistant(phone, 'echo still here')).toContain('code 0');
  }, 30_000);
});
