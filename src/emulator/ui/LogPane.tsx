/**
 * The log pane: hilog/console lines of every device, newest at the bottom, filtered by device, lowest level and text.
 */
import { Box, Text } from 'ink';
import { LOG_LEVELS, type LogEntry, type LogLevel } from '../../connector/protocol.js';

export interface LogFilter {
  /** undefined = every device. */
  device?: string;
  level: LogLevel;
  text: string;
}

export function filterLogs(entries: LogEntry[], filter: LogFilter): LogEntry[] {
  const min = LOG_LEVELS.indexOf(filter.level);
  const text = filter.text.toLowerCase();
  return entries.filter((e) => (!filter.device || e.device === filter.device)
    && LOG_LEVELS.indexOf(e.level) >= min
    && (!text || `${e.tag} ${e.message}`.toLowerCase().includes(text)));
}

const LEVEL_COLOR: Record<LogLevel, string | undefined> = { debug: 'gray', info: undefined, warn: 'yellow', error: 'red' };
const LEVEL_LETTER: Record<LogLevel, string> = { debug: 'D', info: 'I', warn: 'W', error: 'E' };

export function LogPane(props: { entries: LogEntry[]; filter: LogFilter; focused: boolean; height: number; width: number; color: boolean }) {
  const { filter, height } = props;
  const shown = filterLogs(props.entries, filter).slice(-Math.max(1, height - 3));
  const header = `Logs — device: ${filter.device ?? 'all'} (tab) · level ≥ ${filter.level} (shift+tab) · filter: ${filter.text || '…'}${props.focused ? '▏' : ''}`;
  return (
    <Box flexDirection="column" borderStyle="single" borderColor={props.focused ? 'cyan' : 'gray'} height={height} width={props.width}>
      <Text wrap="truncate" bold={props.focused}>{header}</Text>
      {shown.length === 0 ? <Text dimColor>no log lines match</Text> : shown.map((e, i) => (
        <Text key={i} wrap="truncate" color={props.color ? LEVEL_COLOR[e.level] : undefined}>
          {`${e.time.slice(11, 19)} ${e.device} ${LEVEL_LETTER[e.level]} ${e.tag}: ${e.message}`}
        </Text>
      ))}
    </Box>
  );
}
