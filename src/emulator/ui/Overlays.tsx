/**
 * What the emulator UI draws over the device area: the help sheet, the add/remove-devices picker, the assistant
 * prompt, the build-error box (with code frames) and the "terminal too small" notice.
 */
import { Box, Text } from 'ink';
import type { Diagnostic } from '../../diagnostics.js';
import { formatDiagnostic } from '../../compiler/format-diagnostics.js';
import { palette } from '../../util/terminal.js';
import type { PostedNotification } from '../../runtime/kits/device-state.js';

export const HELP_LINES: [string, string][] = [
  ['tab / shift+tab', 'select the next / previous device'],
  ['← ↑ → ↓', 'move focus between the focusable elements of the selected device'],
  ['enter', 'click the focused element'],
  ['typing', 'goes into the focused text input (esc leaves it)'],
  ['esc', 'back (closes a dialog, pops a page)'],
  ['mouse click', 'clicks the element under the pointer'],
  ['r / R', 'hot reload (state kept) / restart the app from scratch'],
  ['s', 'screenshot of the selected device → ./screenshots/<device>-<time>.png'],
  ['l', 'show the log pane and type a filter (tab: device, shift+tab: level, esc: done); l again hides it'],
  ['c', 'hand the app over to another device (Super Device continuation)'],
  ['a', 'ask the assistant (routes what you type to the app\'s insight intents)'],
  ['n', 'the devices\' notifications and reminders (what their apps posted)'],
  ['d', 'add or remove devices'],
  ['?', 'this help'],
  ['q / ctrl+c', 'quit'],
];

export function HelpOverlay(props: { width: number; height: number }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" width={props.width} height={props.height} paddingX={1}>
      <Text bold>hmos emulate — keys (any key closes)</Text>
      {HELP_LINES.map(([k, what]) => <Text key={k} wrap="truncate"><Text color="cyan">{k.padEnd(16)}</Text>{what}</Text>)}
    </Box>
  );
}

/** The notification list: every device's notifications and reminders, newest first, as its apps posted them. */
export function NotificationsOverlay(props: { devices: { id: string; notifications: PostedNotification[] }[]; width: number; height: number }) {
  const all = props.devices.flatMap((d) => d.notifications.map((n) => ({ device: d.id, ...n }))).sort((a, b) => b.time - a.time);
  const time = (t: number) => new Date(t).toISOString().slice(11, 19);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" width={props.width} height={props.height} paddingX={1}>
      <Text bold>Notifications ({all.length}) — any key closes</Text>
      {all.length === 0 ? <Text dimColor>No notifications: apps post them with notificationManager.publish or reminderAgentManager.</Text> : null}
      {all.slice(0, Math.max(0, props.height - 3)).map((n) => (
        <Text key={`${n.device}/${n.bundleName}/${n.kind}/${n.id}`} wrap="truncate">
          <Text color="cyan">{`${time(n.time)} ${n.device}`}</Text>{` ${n.kind === 'reminder' ? '⏰' : '•'} ${n.title}${n.text ? ` — ${n.text}` : ''} `}<Text dimColor>{n.bundleName}</Text>
        </Text>
      ))}
    </Box>
  );
}

export interface PickerItem {
  label: string;
  action: { add: string } | { remove: string };
}

export function PickerOverlay(props: { items: PickerItem[]; index: number; width: number; height: number }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" width={props.width} height={props.height} paddingX={1}>
      <Text bold>Devices — ↑/↓ choose, enter adds/removes, esc closes</Text>
      {props.items.map((item, i) => (
        <Text key={item.label} inverse={i === props.index} wrap="truncate">{`${i === props.index ? '›' : ' '} ${item.label}`}</Text>
      ))}
    </Box>
  );
}

export function PromptOverlay(props: { title: string; value: string; answer?: string; width: number; height: number }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="magenta" width={props.width} height={props.height} paddingX={1}>
      <Text bold>{props.title}</Text>
      <Text wrap="truncate">{`> ${props.value}▏`}</Text>
      {props.answer ? <Text wrap="wrap">{props.answer}</Text> : null}
    </Box>
  );
}

export function BuildErrorOverlay(props: { diagnostics: Diagnostic[]; color: boolean; width: number; height: number }) {
  const errors = props.diagnostics.filter((d) => d.severity === 'error');
  const text = errors.map((d) => formatDiagnostic(d, palette(props.color))).join('\n');
  const lines = text.split('\n').slice(0, Math.max(1, props.height - 3));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="red" width={props.width} height={props.height} paddingX={1}>
      <Text bold color="red">{`Build failed (${errors.length} error${errors.length === 1 ? '' : 's'}) — the devices keep running the last good build; fix and save to reload`}</Text>
      {lines.map((l, i) => <Text key={i} wrap="truncate">{l}</Text>)}
    </Box>
  );
}

export function TooSmall(props: { cols: number; rows: number; needCols: number; needRows: number }) {
  return (
    <Box flexDirection="column">
      <Text color="yellow" wrap="wrap">{`Terminal too small for these devices: ${props.cols}×${props.rows}; make it at least ${props.needCols}×${props.needRows} (or remove a device with d, or hide logs with l).`}</Text>
    </Box>
  );
}
