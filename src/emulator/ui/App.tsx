/**
 * The interactive emulator: devices side by side, a header with the build and reload state, an optional log pane,
 * the build-error box and a key bar. Keys follow Flutter/Expo habits (see HELP_LINES); input is read from ink's
 * stdin event stream as whole sequences (keys.ts), so mouse reports never leak into typed text.
 */
import { Box, Text, useStdin } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { LOG_LEVELS, type LogEntry } from '../../connector/protocol.js';
import { askAssistant } from '../session/assistant.js';
import type { EmulatorSession, ReloadReport, SessionDevice } from '../session/session.js';
import { DEVICE_TYPES, type DeviceType } from '../../runtime/device-profile.js';
import { DevicePane } from './DevicePane.js';
import { parseKey, type Key } from './keys.js';
import { filterLogs, LogPane, type LogFilter } from './LogPane.js';
import { BuildErrorOverlay, HelpOverlay, NotificationsOverlay, PickerOverlay, PromptOverlay, TooSmall, type PickerItem } from './Overlays.js';
import { layoutPanes } from './pane-layout.js';

export interface EmulatorAppProps {
  session: EmulatorSession;
  columns: number;
  rows: number;
  color: boolean;
  onQuit: () => void;
  /** Where `s` writes screenshots (default ./screenshots). */
  screenshotDir?: string;
}

type Mode = 'normal' | 'logs' | 'help' | 'picker' | 'ask' | 'notifications';
const TEXT_TYPES = new Set(['TextInput', 'TextArea', 'Search']);
const LOG_ROWS = 10;

export function EmulatorApp(props: EmulatorAppProps) {
  const { session, columns, rows, color } = props;
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const [selected, setSelected] = useState(0);
  // The focused element per device. Keys are handled between renders — one read of the terminal can bring "down" and
  // "enter" together (typed fast, or under load) — so the focus lives in a ref that handlers read and change at once,
  // not in state of the last render: an Enter right after an arrow clicks what the arrow focused.
  const focusRef = useRef<Record<string, number>>({});
  const setFocus = (update: (f: Record<string, number>) => Record<string, number>) => {
    focusRef.current = update(focusRef.current);
    redraw();
  };
  const [mode, setMode] = useState<Mode>('normal');
  const [showLogs, setShowLogs] = useState(false);
  const [filter, setFilter] = useState<LogFilter>({ level: 'debug', text: '' });
  const [status, setStatus] = useState<{ text: string; error?: boolean } | undefined>();
  const [picker, setPicker] = useState(0);
  const [prompt, setPrompt] = useState({ value: '', answer: '' });
  const [reload, setReload] = useState<ReloadReport | undefined>();
  const logs = useRef<LogEntry[]>(session.devices.flatMap((d) => d.logs));
  const statusTimer = useRef<NodeJS.Timeout | undefined>(undefined);

  const say = useCallback((text: string, error = false) => {
    setStatus({ text, error });
    clearTimeout(statusTimer.current);
    statusTimer.current = setTimeout(() => setStatus(undefined), 6000);
    statusTimer.current.unref?.();
  }, []);

  // Session events → re-render.
  useEffect(() => {
    const onFrame = () => redraw();
    const onLog = (e: LogEntry) => {
      logs.current.push(e);
      if (logs.current.length > 5000) logs.current.splice(0, logs.current.length - 5000);
      redraw();
    };
    const onReloaded = (r: ReloadReport) => setReload(r);
    session.on('frame', onFrame);
    session.on('log', onLog);
    session.on('build', onFrame);
    session.on('devices', onFrame);
    session.on('reloaded', onReloaded);
    return () => {
      session.off('frame', onFrame);
      session.off('log', onLog);
      session.off('build', onFrame);
      session.off('devices', onFrame);
      session.off('reloaded', onReloaded);
    };
  }, [session]);

  const devices = session.devices;
  const current: SessionDevice | undefined = devices[Math.min(selected, devices.length - 1)];
  const errors = session.build.ok ? [] : session.build.diagnostics.filter((d) => d.severity === 'error');
  const errorRows = errors.length ? Math.min(12, Math.max(5, rows >> 3)) : 0;
  const logRows = showLogs ? LOG_ROWS : 0;
  // Header (1) + panes + error box + log pane + key bar (1); one spare row keeps ink from clearing the screen.
  const promptRows = mode === 'ask' ? 6 : 0;
  const paneHeight = rows - 3 - errorRows - logRows - promptRows;
  const layout = useMemo(() => layoutPanes(devices.map((d) => d.type), columns, paneHeight, 0, 1), [devices.length, columns, paneHeight]);

  // Tell every device the size it is drawn at.
  useEffect(() => {
    if (!layout.ok) return;
    layout.panes.forEach((p, i) => { void devices[i]?.surface.resize(p.cols, p.rows).catch(() => undefined); });
  }, [layout, devices]);

  const focusIndex = (d: SessionDevice | undefined) => {
    const frame = d?.surface.frame;
    if (!d || !frame) return -1;
    const n = frame.focusables.length;
    const i = focusRef.current[d.id] ?? -1;
    return i < n ? i : -1;
  };
  const focusedNode = current?.surface.frame?.focusables[focusIndex(current)];

  const pickerItems = useMemo<PickerItem[]>(() => [
    ...DEVICE_TYPES.map((t) => ({ label: `add ${t}`, action: { add: t } })),
    ...devices.map((d) => ({ label: `remove ${d.id}`, action: { remove: d.id } })),
  ], [devices.length]);

  const run = (p: Promise<unknown>, what: string) => {
    p.catch((err: Error) => say(`${what} failed: ${err.message}`, true));
  };

  const clickAt = (col: number, row: number) => {
    if (!layout.ok) return;
    layout.panes.forEach((p, i) => {
      if (col >= p.left && col < p.left + p.cols && row >= p.top && row < p.top + p.rows) {
        const d = devices[i];
        setSelected(i);
        run(d.surface.clickAt(col - p.left, row - p.top).then((elmtId) => {
          if (elmtId === undefined) return;
          const fi = d.surface.frame?.focusables.findIndex((f) => f.elmtId === elmtId) ?? -1;
          if (fi >= 0) setFocus((f) => ({ ...f, [d.id]: fi }));
        }), 'click');
      }
    });
  };

  const onKey = (key: Key) => {
    if (key.name === 'ctrl-c') return props.onQuit();
    if (key.name === 'mouse') {
      if (key.press && key.button === 0 && mode === 'normal') clickAt(key.col, key.row);
      return;
    }
    switch (mode) {
      case 'help':
      case 'notifications':
        setMode('normal');
        return;
      case 'picker': {
        if (key.name === 'escape') setMode('normal');
        else if (key.name === 'up') setPicker((i) => Math.max(0, i - 1));
        else if (key.name === 'down') setPicker((i) => Math.min(pickerItems.length - 1, i + 1));
        else if (key.name === 'enter') {
          const item = pickerItems[picker];
          if (item && 'add' in item.action) {
            const d = session.addDevice(item.action.add as DeviceType);
            say(`added ${d.id}`);
          } else if (item && 'remove' in item.action) {
            if (devices.length <= 1) say('keep at least one device', true);
            else {
              const id = item.action.remove;
              run(session.removeDevice(id).then(() => say(`removed ${id}`)), 'remove');
              setSelected(0);
            }
          }
          setMode('normal');
        }
        return;
      }
      case 'ask': {
        if (key.name === 'escape') setMode('normal');
        else if (key.name === 'backspace') setPrompt((p) => ({ ...p, value: [...p.value].slice(0, -1).join('') }));
        else if (key.name === 'char') setPrompt((p) => ({ ...p, value: p.value + key.char }));
        else if (key.name === 'enter' && prompt.value.trim()) {
          const utterance = prompt.value;
          setPrompt({ value: '', answer: '…' });
          askAssistant(current, utterance).then(
            (answer) => setPrompt((p) => ({ ...p, answer: `"${utterance}" ${answer}` })),
            (err: Error) => setPrompt((p) => ({ ...p, answer: `the assistant failed: ${err.message}` })),
          );
        }
        return;
      }
      case 'logs': {
        if (key.name === 'escape' || key.name === 'enter') setMode('normal');
        else if (key.name === 'tab') {
          const ids = [undefined, ...devices.map((d) => d.id)];
          setFilter((f) => ({ ...f, device: ids[(ids.indexOf(f.device) + 1) % ids.length] }));
        } else if (key.name === 'shift-tab') setFilter((f) => ({ ...f, level: LOG_LEVELS[(LOG_LEVELS.indexOf(f.level) + 1) % LOG_LEVELS.length] }));
        else if (key.name === 'backspace') setFilter((f) => ({ ...f, text: [...f.text].slice(0, -1).join('') }));
        else if (key.name === 'char') setFilter((f) => ({ ...f, text: f.text + key.char }));
        return;
      }
      default:
        break;
    }
    // Normal mode.
    if (!current) return;
    const n = current.surface.frame?.focusables.length ?? 0;
    const focusedNode = current.surface.frame?.focusables[focusIndex(current)];
    const editing = focusedNode && TEXT_TYPES.has(focusedNode.type);
    if (editing && (key.name === 'char' || key.name === 'backspace')) {
      run(current.surface.typeText(focusedNode.elmtId, key.name === 'char' ? { text: key.char } : { backspace: true }), 'typing');
      return;
    }
    switch (key.name) {
      case 'tab':
        if (devices.length) setSelected((s) => (s + 1) % devices.length);
        return;
      case 'shift-tab':
        if (devices.length) setSelected((s) => (s - 1 + devices.length) % devices.length);
        return;
      case 'down':
      case 'right':
        if (n) setFocus((f) => ({ ...f, [current.id]: ((f[current.id] ?? -1) + 1) % n }));
        return;
      case 'up':
      case 'left':
        if (n) setFocus((f) => { const i = f[current.id] ?? -1; return { ...f, [current.id]: i <= 0 || i >= n ? n - 1 : i - 1 }; });
        return;
      case 'enter':
        if (focusedNode) run(current.surface.click(focusedNode.elmtId), 'click');
        else say('nothing is focused: move focus with the arrow keys first');
        return;
      case 'escape':
        if (editing) setFocus((f) => ({ ...f, [current.id]: -1 }));
        else run(current.surface.back().then((r) => { if (r === 'exit') say(`${current.id}: the app exited; press R to start it again`); }), 'back');
        return;
      case 'char':
        break;
      default:
        return;
    }
    switch (key.char) {
      case 'q':
        props.onQuit();
        return;
      case 'r':
        say('reloading…');
        run(session.reload(), 'reload');
        return;
      case 'R':
        say('restarting the app on every device…');
        run(session.restart(), 'restart');
        return;
      case 's':
        run(session.screenshot(current, props.screenshotDir).then((file) => say(`screenshot saved: ${file}`)), 'screenshot');
        return;
      case 'l':
        if (showLogs && mode === 'normal') setShowLogs(false);
        else { setShowLogs(true); setMode('logs'); }
        return;
      case 'c': {
        // Hand the app off from the selected device to the next one (Super Device continuation).
        const next = devices.length > 1 && current ? devices[(devices.indexOf(current) + 1) % devices.length] : undefined;
        if (!current || !next) { say('Handing an app over needs a second device: add one with d.', true); return; }
        run(session.continueApp(current.id, next.id).then((r) => { setSelected(devices.indexOf(next)); say(`continued on ${r.to} (${r.page ?? 'no page'}) in ${r.ms} ms`); }), 'handoff');
        return;
      }
      case 'a':
        setPrompt({ value: '', answer: '' });
        setMode('ask');
        return;
      case 'd':
        setPicker(0);
        setMode('picker');
        return;
      case 'n':
        setMode('notifications');
        return;
      case '?':
        setMode('help');
        return;
      default:
    }
  };

  // Input: whole sequences from ink's stdin reader.
  const { internal_eventEmitter: input, setRawMode, isRawModeSupported } = useStdin();
  const onKeyRef = useRef(onKey);
  onKeyRef.current = onKey;
  useEffect(() => {
    if (isRawModeSupported) setRawMode(true);
    const handler = (data: string) => onKeyRef.current(parseKey(data));
    input.on('input', handler);
    return () => {
      input.off('input', handler);
      if (isRawModeSupported) setRawMode(false);
    };
  }, [input, setRawMode, isRawModeSupported]);

  const b = session.build;
  const header = [
    `hmos emulate · ${session.bundleName ?? 'building…'}`,
    b.count ? `build #${b.count} ${b.ok ? `ok ${Math.round(b.ms)} ms` : 'FAILED'}` : 'first build…',
    reload ? `${reload.mode} ${Math.round(reload.ms)} ms${reload.mode === 'reload' ? ` (state kept in ${reload.kept}, reset ${reload.reset})` : ''}` : '',
  ].filter(Boolean).join(' · ');
  const keys = mode === 'logs' ? 'type to filter · tab device · shift+tab level · esc done'
    : mode === 'ask' ? 'type a request · enter ask · esc close'
      : focusedNode && TEXT_TYPES.has(focusedNode.type) ? 'typing into the text input · esc leaves it · tab next device'
        : 'tab device · arrows focus · enter click · esc back · r reload · R restart · s shot · l logs · c handoff · a ask · n notifications · d devices · ? help · q quit';

  let body;
  if (mode === 'help') body = <HelpOverlay width={columns} height={paneHeight} />;
  else if (mode === 'notifications') body = <NotificationsOverlay devices={devices.map((d) => ({ id: d.id, notifications: d.notifications }))} width={columns} height={paneHeight} />;
  else if (mode === 'picker') body = <PickerOverlay items={pickerItems} index={picker} width={Math.min(columns, 50)} height={Math.min(paneHeight, pickerItems.length + 3)} />;
  else if (!layout.ok) body = <TooSmall cols={columns} rows={rows} needCols={layout.needCols} needRows={layout.needRows + 3 + errorRows + logRows} />;
  else {
    body = (
      <Box flexDirection="row">
        {devices.map((d, i) => (
          <DevicePane key={d.id} id={d.id} frame={d.surface.frame} cols={layout.panes[i]?.cols ?? 10} rows={layout.panes[i]?.rows ?? 5}
            selected={d === current} focusIndex={focusIndex(d)} color={color} />
        ))}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <Text wrap="truncate" bold>{header}</Text>
      <Box height={paneHeight} flexDirection="column">
        {body}
      </Box>
      {mode === 'ask' ? <PromptOverlay title="Ask the assistant" value={prompt.value} answer={prompt.answer} width={Math.min(columns, 100)} height={promptRows} /> : null}
      {errors.length ? <BuildErrorOverlay diagnostics={errors} color={color} width={columns} height={errorRows} /> : null}
      {showLogs ? <LogPane entries={filterLogs(logs.current, { level: 'debug', text: '' })} filter={filter} focused={mode === 'logs'} height={logRows} width={columns} color={color} /> : null}
      <Text wrap="truncate" color={status?.error ? 'red' : status ? 'green' : 'gray'}>{status?.text ?? keys}</Text>
    </Box>
  );
}
