/**
 * The connector's wire types: what clients send to a device host (or an `hmos emulate` session) and what it answers,
 * as JSON over HTTP on 127.0.0.1. The hosts' route table (src/emulator/connector/) and the device client
 * (src/device-client/) both use these, so the two ends cannot drift apart.
 */
import type { ScreenAction } from '../runtime/screen.js';

export interface LaunchRequest {
  bundleName: string;
  ability?: string;
  page?: string;
  parameters?: Record<string, unknown>;
}

/** A handoff arriving on the target device (see handoff.ts). */
export interface ContinueInRequest {
  bundleName: string;
  ability?: string;
  parameters: Record<string, unknown>;
  pageStack: Array<{ path: string; params?: unknown }>;
}

/** What the source device answered to a handoff request. */
export interface ContinueOutResult {
  bundleName: string;
  ability: string;
  /** AbilityConstant.OnContinueResult, or null when onContinue failed (see error). */
  result: number | null;
  error: string | null;
  wantParam: Record<string, unknown>;
  pageStack: Array<{ path: string; params?: unknown }>;
}

/** The preview actions (`click:<selector>`, `input:…`, `swipe:…`, `back`, `wait:<ms>`), as runtime/screen.ts parses them. */
export type InputAction = ScreenAction;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface LogEntry {
  time: string;
  device: string;
  level: LogLevel;
  tag: string;
  message: string;
}
