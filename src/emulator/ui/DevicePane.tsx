/**
 * One device on screen: a bordered pane titled with the device id, the app and the page, around the device's cell
 * grid (the focused element in reverse video). The selected device's border is highlighted.
 */
import { Box, Text } from 'ink';
import { useMemo } from 'react';
import type { ScreenFrame } from '../device/surface.js';
import { paneTitle } from '../session/pane-title.js';
import { gridToLines } from './cells-ansi.js';

export interface DevicePaneProps {
  id: string;
  frame: ScreenFrame | undefined;
  cols: number;
  rows: number;
  selected: boolean;
  focusIndex: number;
  color: boolean;
}

export function DevicePane(props: DevicePaneProps) {
  const { frame, cols, rows } = props;
  const focus = frame?.focusables[props.focusIndex]?.box;
  const lines = useMemo(() => {
    // A frame drawn for an older size is shown cropped/padded until the worker sends the new one.
    if (!frame) return Array.from({ length: rows }, () => '');
    return gridToLines(frame.grid.slice(0, rows).map((r) => r.slice(0, cols)), { color: props.color, focus: props.selected ? focus : undefined });
  }, [frame, rows, cols, props.color, props.selected, focus]);
  return (
    <Box flexDirection="column" borderStyle={props.selected ? 'double' : 'round'} borderColor={props.selected ? 'cyan' : 'gray'}
      width={cols + 2} height={rows + 3} marginRight={1} flexShrink={0}>
      <Text wrap="truncate" bold={props.selected} color={frame?.crashed ? 'red' : undefined}>{paneTitle(props.id, frame)}</Text>
      {Array.from({ length: rows }, (_, i) => <Text key={i} wrap="truncate">{lines[i] ?? ''}</Text>)}
    </Box>
  );
}
