/**
 * The intent manifest a HAP carries at `ets/intents.json` ({ "intents": IntentDeclaration[] }): every insight intent of
 * the module, whether declared in `resources/base/profile/insight_intent.json` (an InsightIntentExecutor class) or
 * with the API 20 decorators. The build writes it; a device's agent service reads it.
 */
export type IntentKind = 'executor' | 'entry' | 'function' | 'page' | 'link';
export type ExecuteMode = 'foreground' | 'background';

/** A JSON Schema (the subset intents use: type, properties, required, enum, items, description, minimum, maximum…). */
export type JsonSchema = Record<string, unknown>;

export interface IntentDeclaration {
  kind: IntentKind;
  intentName: string;
  domain?: string;
  intentVersion?: string;
  displayName?: string;
  displayDescription?: string;
  llmDescription?: string;
  keywords?: string[];
  icon?: string;
  schema?: string;
  /** JSON Schema of the parameters object. */
  parameters?: JsonSchema;
  result?: JsonSchema;
  /** Module-relative source file, e.g. `./ets/intents/AddTask.ets`. */
  srcEntry: string;
  /** executor / entry: the class; function: the class holding the static method. */
  className?: string;
  /** function: the static method and its parameter names in order (arguments are bound by name). */
  methodName?: string;
  paramNames?: string[];
  /** executor / entry / page: the UIAbility that hosts it. */
  abilityName?: string;
  executeMode?: ExecuteMode[];
  /** page: the page (`pages/Detail`) and optional Navigation destination. */
  pagePath?: string;
  navigationId?: string;
  navDestinationName?: string;
  /** link */
  uri?: string;
  paramMappings?: { paramName: string; paramMappingName?: string; paramCategory?: 'link' | 'want' }[];
  /** Where it was declared, for diagnostics. */
  source?: { file: string; line: number; col: number };
}

export interface IntentManifest {
  bundleName: string;
  moduleName: string;
  intents: IntentDeclaration[];
}

export const INTENT_MANIFEST_PATH = 'ets/intents.json';
