/**
 * System services in the app realm (evaluated from source; see core.ts): systemDateTime, bundleManager, the
 * HiviewDFX kits (hiAppEvent, hidebug, hiTraceMeter), background tasks and work scheduling, errorManager,
 * notificationManager / reminderAgentManager / wantAgent (posted to the device: its log and the terminal UI's
 * notification list), forms, uniformTypeDescriptor, dataSharePredicates and the router's older names.
 * What the device holds answers through `k.dev.*` (device-host.ts); the rest is the platform's behaviour in the realm.
 */
export function installSystemKits(g: any): void {
  const rt = g.__rt;
  const err = (code: number, msg: string) => rt.kitError(code, msg);
  const paramErr = (msg: string) => err(401, `Parameter error. ${msg}`);
  const dev = (op: string, d?: any) => rt.kitCall('dev.' + op, d ?? {});
  const env = () => rt.call('env');
  const resolved = (v?: any) => Promise.resolve(v);
  const fnCheck = (name: string, f: any) => { if (typeof f !== 'function') throw paramErr(`The type of "${name}" must be function.`); };

  // @ohos.events.emitter is events-emitter.ts.

  // ---- @ohos.systemDateTime: the device clock (the realm's Date, which follows the device's virtual time) ----
  const nowNs = () => Date.now() * 1e6;
  const bootMs = Date.now();
  const systemDateTime = {
    TimeType: { STARTUP: 0, ACTIVE: 1 },
    getTime: (isNano?: boolean) => (isNano ? nowNs() : Date.now()),
    getCurrentTime: (isNano?: any, cb?: any) => rt.asyncApi(() => (isNano === true ? nowNs() : Date.now()), typeof isNano === 'function' ? isNano : cb),
    getRealTime: (isNano?: any) => resolved(isNano === true ? (Date.now() - bootMs) * 1e6 : Date.now() - bootMs),
    getRealActiveTime: (isNano?: any) => resolved(isNano === true ? (Date.now() - bootMs) * 1e6 : Date.now() - bootMs),
    getUptime: (type: number, isNano?: boolean) => (isNano ? (Date.now() - bootMs) * 1e6 : Date.now() - bootMs),
    getDate: () => resolved(new Date()),
    getTimezone: () => resolved(dev('timezone')), getTimezoneSync: () => dev('timezone'),
    setTime: () => Promise.reject(err(202, 'Permission verification failed. A non-system application calls a system API.')),
    setTimezone: () => Promise.reject(err(202, 'Permission verification failed. A non-system application calls a system API.')),
  };
  rt.defineModule('@ohos.systemDateTime', () => systemDateTime);

  // ---- @ohos.bundle.bundleManager: this app's own bundle (other apps are not visible to a normal app) ----
  const BundleFlag = { GET_BUNDLE_INFO_DEFAULT: 0, GET_BUNDLE_INFO_WITH_APPLICATION: 1, GET_BUNDLE_INFO_WITH_HAP_MODULE: 2, GET_BUNDLE_INFO_WITH_ABILITY: 4,
    GET_BUNDLE_INFO_WITH_EXTENSION_ABILITY: 8, GET_BUNDLE_INFO_WITH_REQUESTED_PERMISSION: 16, GET_BUNDLE_INFO_WITH_METADATA: 32, GET_BUNDLE_INFO_WITH_DISABLE: 64,
    GET_BUNDLE_INFO_WITH_SIGNATURE_INFO: 128, GET_BUNDLE_INFO_WITH_MENU: 256, GET_BUNDLE_INFO_WITH_ROUTER_MAP: 512, GET_BUNDLE_INFO_WITH_SKILL: 2048 };
  const bundleInfo = (flags: any) => {
    if (flags !== undefined && (typeof flags !== 'number' || !Number.isInteger(flags))) throw paramErr('The type of "bundleFlags" must be number.');
    return dev('bundleInfo', { flags: flags ?? 0 });
  };
  const bundleManager = {
    BundleFlag, ApplicationFlag: { GET_APPLICATION_INFO_DEFAULT: 0, GET_APPLICATION_INFO_WITH_PERMISSION: 1, GET_APPLICATION_INFO_WITH_METADATA: 2 },
    AbilityFlag: { GET_ABILITY_INFO_DEFAULT: 0, GET_ABILITY_INFO_WITH_PERMISSION: 1 }, ExtensionAbilityType: { FORM: 0, WORK_SCHEDULER: 1, INPUT_METHOD: 2, SERVICE: 3, BACKUP: 9, UNSPECIFIED: 255 },
    PermissionGrantState: { PERMISSION_DENIED: -1, PERMISSION_GRANTED: 0 }, SupportWindowMode: { FULL_SCREEN: 0, SPLIT: 1, FLOATING: 2 },
    LaunchType: { SINGLETON: 0, MULTITON: 1, SPECIFIED: 2 }, AbilityType: { PAGE: 1, SERVICE: 2, DATA: 3 }, DisplayOrientation: { UNSPECIFIED: 0, LANDSCAPE: 1, PORTRAIT: 2 },
    ModuleType: { ENTRY: 1, FEATURE: 2, SHARED: 3 }, BundleType: { APP: 0, ATOMIC_SERVICE: 1 }, CompatiblePolicy: { BACKWARD_COMPATIBILITY: 1 },
    getBundleInfoForSelf: (flags: any, cb?: any) => rt.asyncApi(() => bundleInfo(flags), cb),
    getBundleInfoForSelfSync: (flags: any) => bundleInfo(flags),
    getProfileByAbility: () => Promise.reject(err(17700003, 'The specified ability is not found.')),
    canOpenLink: (link: any) => { if (typeof link !== 'string' || !link) throw err(17700055, 'The specified link is invalid.'); return false; },
    getAppCloneIdentity: () => resolved({ bundleName: env().bundleName, appIndex: 0 }),
  };
  rt.defineModule('@ohos.bundle.bundleManager', () => bundleManager);

  // ---- HiviewDFX: app events (written to the device log and handed to watchers), memory and traces ----
  const watchers: any[] = [];
  const hiAppEvent = {
    EventType: { FAULT: 1, STATISTIC: 2, SECURITY: 3, BEHAVIOR: 4 },
    domain: { OS: 'OS' }, event: { USER_LOGIN: 'hiappevent.user_login', USER_LOGOUT: 'hiappevent.user_logout', DISTRIBUTED_SERVICE_START: 'hiappevent.distributed_service_start',
      APP_CRASH: 'APP_CRASH', APP_FREEZE: 'APP_FREEZE', APP_LAUNCH: 'APP_LAUNCH', SCROLL_JANK: 'SCROLL_JANK', CPU_USAGE_HIGH: 'CPU_USAGE_HIGH', BATTERY_USAGE: 'BATTERY_USAGE', RESOURCE_OVERLIMIT: 'RESOURCE_OVERLIMIT', ADDRESS_SANITIZER: 'ADDRESS_SANITIZER', MAIN_THREAD_JANK: 'MAIN_THREAD_JANK' },
    param: { USER_ID: 'user_id', DISTRIBUTED_SERVICE_NAME: 'ds_name', DISTRIBUTED_SERVICE_INSTANCE_ID: 'ds_instance_id' },
    write(info: any, cb?: any) {
      return rt.asyncApi(() => {
        if (!info || typeof info.domain !== 'string' || !/^[a-zA-Z][a-zA-Z0-9_]{0,31}$/.test(info.domain)) throw err(11101001, 'Invalid event domain.');
        if (typeof info.name !== 'string' || !/^[$a-zA-Z][a-zA-Z0-9_]{0,47}$/.test(info.name)) throw err(11101002, 'Invalid event name.');
        rt.call('log', { level: 'I', tag: 'HiAppEvent', message: `${info.domain}.${info.name} ${JSON.stringify(info.params ?? {})}` });
        const rec = { domain: info.domain, name: info.name, eventType: info.eventType, params: info.params ?? {} };
        for (const w of watchers) if (!w.appEventFilters || w.appEventFilters.some((f: any) => f.domain === rec.domain)) Promise.resolve().then(() => w.onReceive?.(rec.domain, [{ domain: rec.domain, name: rec.name, eventType: rec.eventType, appEventInfos: [rec.params] }]));
      }, cb);
    },
    addWatcher(w: any) {
      if (!w || typeof w.name !== 'string' || !/^[a-z$][a-z0-9_]{0,31}$/.test(w.name)) throw err(11102001, 'Invalid watcher name.');
      watchers.push(w);
      return { takeNext: () => [], setSize() {}, setRow() {} };
    },
    removeWatcher(w: any) { const i = watchers.findIndex((x) => x === w || x.name === w?.name); if (i >= 0) watchers.splice(i, 1); },
    configure() {}, setUserId() {}, getUserId: () => '', setUserProperty() {}, getUserProperty: () => '', clearData() {},
    addProcessor: () => 0, removeProcessor() {}, setEventParam: () => resolved(), setEventConfig: () => resolved(),
  };
  rt.defineModule('@ohos.hiviewdfx.hiAppEvent', () => hiAppEvent);
  const mem = () => dev('memory');
  const hidebug = {
    getSystemMemInfo: () => { const m = mem(); return { totalMem: BigInt(m.total), freeMem: BigInt(m.free), availableMem: BigInt(m.available) }; },
    getAppMemoryLimit: () => { const m = mem(); return { rssLimit: BigInt(m.rssLimit), vssLimit: BigInt(m.vssLimit), vmHeapLimit: BigInt(m.heapLimit), vmTotalHeapSize: BigInt(m.heapLimit) }; },
    getPss: () => BigInt(mem().rss), getSharedDirty: () => BigInt(0), getPrivateDirty: () => BigInt(0), getNativeHeapSize: () => BigInt(mem().rss),
    getNativeHeapAllocatedSize: () => BigInt(mem().rss), getNativeHeapFreeSize: () => BigInt(0), getCpuUsage: () => 0, getAppNativeMemInfo: () => ({ pss: BigInt(mem().rss), vss: BigInt(mem().rss), rss: BigInt(mem().rss), sharedDirty: BigInt(0), privateDirty: BigInt(0), sharedClean: BigInt(0), privateClean: BigInt(0) }),
    getAppThreadCpuUsage: () => [], getSystemCpuUsage: () => 0, isDebugState: () => false, getGraphicsMemory: () => resolved(0), getGraphicsMemorySync: () => 0,
    getVMRuntimeStats: () => ({}), getVMRuntimeStat: () => 0,
  };
  rt.defineModule('@ohos.hidebug', () => hidebug);
  const traces = new Map<string, number>();
  const hiTraceMeter = {
    HiTraceOutputLevel: { DEBUG: 0, INFO: 1, CRITICAL: 2, COMMERCIAL: 3 },
    startTrace: (name: string, taskId: number) => { traces.set(`${name}#${taskId}`, Date.now()); },
    finishTrace: (name: string, taskId: number) => {
      const t = traces.get(`${name}#${taskId}`);
      traces.delete(`${name}#${taskId}`);
      if (t !== undefined) rt.call('log', { level: 'D', tag: 'HiTrace', message: `${name} #${taskId}: ${Date.now() - t} ms` });
    },
    traceByValue: (name: string, count: number) => { rt.call('log', { level: 'D', tag: 'HiTrace', message: `${name} = ${count}` }); },
    startSyncTrace() {}, finishSyncTrace() {}, startAsyncTrace() {}, finishAsyncTrace() {}, isTraceEnabled: () => true,
  };
  rt.defineModule('@ohos.hiTraceMeter', () => hiTraceMeter);

  // ---- background work: kept on the device (listed in its log), runs while the app runs ----
  const BackgroundMode = { DATA_TRANSFER: 1, AUDIO_PLAYBACK: 2, AUDIO_RECORDING: 3, LOCATION: 4, BLUETOOTH_INTERACTION: 5, MULTI_DEVICE_CONNECTION: 6, WIFI_INTERACTION: 7, VOIP: 8, TASK_KEEPING: 9 };
  let nextDelay = 1;
  const backgroundTaskManager = {
    BackgroundMode, BackgroundSubMode: { CAR_KEY: 1 }, BackgroundModeType: { SUBSCRIBE_MODE: 'subscribe' },
    startBackgroundRunning: (_ctx: any, mode: any, agent?: any, cb?: any) => rt.asyncApi(() => {
      const modes = Array.isArray(mode) ? mode : [mode];
      if (!modes.length || modes.some((m: any) => typeof m !== 'number' && typeof m !== 'string')) throw paramErr('The type of "bgMode" must be number or string[].');
      dev('background', { running: true, modes: modes.map(String) });
      return Array.isArray(mode) ? { notificationId: 1, continuousTaskId: 1 } : undefined;
    }, cb),
    stopBackgroundRunning: (_ctx: any, cb?: any) => rt.asyncApi(() => { dev('background', { running: false }); }, cb),
    updateBackgroundRunning: () => resolved({ notificationId: 1, continuousTaskId: 1 }),
    requestSuspendDelay: (reason: any, cb: any) => {
      if (typeof reason !== 'string') throw paramErr('The type of "reason" must be string.');
      fnCheck('callback', cb);
      return { requestId: nextDelay++, actualDelayTime: 180000 };
    },
    getRemainingDelayTime: (id: number, cb?: any) => rt.asyncApi(() => 180000, cb),
    cancelSuspendDelay: () => undefined,
    applyEfficiencyResources: () => { throw err(202, 'Permission verification failed. A non-system application calls a system API.'); },
    resetAllEfficiencyResources: () => { throw err(202, 'Permission verification failed. A non-system application calls a system API.'); },
  };
  rt.defineModule('@ohos.resourceschedule.backgroundTaskManager', () => backgroundTaskManager);
  const works = new Map<number, any>();
  const checkWork = (w: any) => {
    if (!w || typeof w.workId !== 'number' || typeof w.bundleName !== 'string' || typeof w.abilityName !== 'string') throw paramErr('The type of "work" must be WorkInfo with workId, bundleName and abilityName.');
    if (w.bundleName !== env().bundleName) throw err(9700004, 'Check on workInfo failed: the bundle name is not the caller\'s.');
  };
  const workScheduler = {
    NetworkType: { NETWORK_TYPE_ANY: 0, NETWORK_TYPE_MOBILE: 1, NETWORK_TYPE_WIFI: 2, NETWORK_TYPE_BLUETOOTH: 3, NETWORK_TYPE_WIFI_P2P: 4, NETWORK_TYPE_ETHERNET: 5 },
    ChargingType: { CHARGING_PLUGGED_ANY: 0, CHARGING_PLUGGED_AC: 1, CHARGING_PLUGGED_USB: 2, CHARGING_PLUGGED_WIRELESS: 3 },
    BatteryStatus: { BATTERY_STATUS_LOW: 0, BATTERY_STATUS_OKAY: 1, BATTERY_STATUS_LOW_OR_OKAY: 2 }, StorageRequest: { STORAGE_LEVEL_LOW: 0, STORAGE_LEVEL_OKAY: 1, STORAGE_LEVEL_LOW_OR_OKAY: 2 },
    startWork: (w: any) => { checkWork(w); works.set(w.workId, { ...w }); rt.call('log', { level: 'I', tag: 'WorkScheduler', message: `work ${w.workId} scheduled for ${w.abilityName}` }); },
    stopWork: (w: any, _cancel?: boolean) => { checkWork(w); works.delete(w.workId); },
    getWorkStatus: (id: number, cb?: any) => rt.asyncApi(() => { const w = works.get(id); if (!w) throw err(9700004, 'Check on workInfo failed: no such work.'); return w; }, cb),
    obtainAllWorks: (cb?: any) => rt.asyncApi(() => [...works.values()], cb),
    stopAndClearWorks: () => { works.clear(); }, isLastWorkTimeOut: (_id: number, cb?: any) => rt.asyncApi(() => false, cb),
  };
  rt.defineModule('@ohos.resourceschedule.workScheduler', () => workScheduler);
  class WorkSchedulerExtensionAbility { context: any; onWorkStart() {} onWorkStop() {} }
  rt.defineModule('@ohos.WorkSchedulerExtensionAbility', () => ({ default: WorkSchedulerExtensionAbility, WorkSchedulerExtensionAbility }));

  // ---- errorManager: app error observers receive uncaught errors the device reports ----
  const errorObservers = new Map<number, any>();
  const ERROR_EVENTS = new Set(['error', 'loopObserver', 'unhandledRejection', 'freeze', 'globalErrorOccurred', 'globalUnhandledRejectionDetected', 'errorObserver']);
  let nextObserver = 1;
  rt.appErrorObservers = errorObservers;
  const errorManager = {
    on(type: string, observer: any) {
      if (!ERROR_EVENTS.has(type)) throw paramErr(`The type of "type" must be one of ${[...ERROR_EVENTS].join(', ')}.`);
      if (type !== 'error') {
        // The newer global observers take a callback; they are kept (an emulated device reports crashes on its screen).
        if (typeof observer !== 'function' && (type === 'globalErrorOccurred' || type === 'globalUnhandledRejectionDetected')) throw paramErr('The type of "observer" must be function.');
        return undefined;
      }
      if (!observer || typeof observer.onUnhandledException !== 'function') throw paramErr('The observer must have onUnhandledException.');
      const id = nextObserver++; errorObservers.set(id, observer); return id;
    },
    off(type: string, id: any, cb?: any) {
      return rt.asyncApi(() => { if (!errorObservers.delete(Number(id))) throw err(16000003, 'The specified ID does not exist.'); }, cb);
    },
  };
  rt.defineModule('@ohos.app.ability.errorManager', () => errorManager);
  // preferences: the device's JSON-file preferences (framework/kits.ts) with the storage types of API 18.
  rt.defineModule('@ohos.data.preferences', () => {
    const base = rt.legacyKit('@ohos.data.preferences').default;
    return { ...base, StorageType: { XML: 0, GSKV: 1 }, isStorageTypeSupported: (t: number) => { if (t !== 0 && t !== 1) throw paramErr('The type of "type" must be StorageType.'); return t === 0; } };
  });
  const AreaMode = { EL1: 0, EL2: 1, EL3: 2, EL4: 3, EL5: 4 };
  rt.defineModule('@ohos.app.ability.contextConstant', () => ({ AreaMode, ProcessMode: { NEW_PROCESS_ATTACH_TO_PARENT: 1, NEW_PROCESS_ATTACH_TO_STATUS_BAR_ITEM: 2, ATTACH_TO_STATUS_BAR_ITEM: 3 }, StartupVisibility: { STARTUP_HIDE: 0, STARTUP_SHOW: 1 } }));
  const application = {
    createModuleContext: (ctx: any, moduleName: string) => rt.asyncApi(() => {
      if (typeof moduleName !== 'string') throw paramErr('The type of "moduleName" must be string.');
      if (moduleName !== env().moduleName) throw err(16000050, `Internal error: the module ${moduleName} is not installed.`);
      return ctx ?? g.__hmosAbilityContext;
    }),
    getApplicationContext: () => g.__hmosAbilityContext?.getApplicationContext?.() ?? g.__hmosAbilityContext,
    createBundleContext: () => Promise.reject(err(202, 'Permission verification failed. A non-system application calls a system API.')),
  };
  rt.defineModule('@ohos.app.ability.application', () => application);

  // ---- notifications and reminders: posted to the device (log + terminal UI list) ----
  const SlotType = { UNKNOWN_TYPE: 0, SOCIAL_COMMUNICATION: 1, SERVICE_INFORMATION: 2, CONTENT_INFORMATION: 3, LIVE_VIEW: 4, CUSTOMER_SERVICE: 5, OTHER_TYPES: 0xFFFF };
  const ContentType = { NOTIFICATION_CONTENT_BASIC_TEXT: 0, NOTIFICATION_CONTENT_LONG_TEXT: 1, NOTIFICATION_CONTENT_PICTURE: 2, NOTIFICATION_CONTENT_CONVERSATION: 3, NOTIFICATION_CONTENT_MULTILINE: 4, NOTIFICATION_CONTENT_SYSTEM_LIVE_VIEW: 5, NOTIFICATION_CONTENT_LIVE_VIEW: 6 };
  const textOf = (req: any) => {
    const c = req?.content ?? {};
    const body = c.normal ?? c.longText ?? c.multiLine ?? c.picture ?? c.systemLiveView ?? c.conversation ?? {};
    const text = body.longText ?? (Array.isArray(body.lines) ? body.lines.join(' / ') : body.text) ?? '';
    return { title: String(body.title ?? body.briefText ?? ''), text: String(text ?? '') };
  };
  const notificationManager = {
    SlotType, ContentType, SlotLevel: { LEVEL_NONE: 0, LEVEL_MIN: 1, LEVEL_LOW: 2, LEVEL_DEFAULT: 3, LEVEL_HIGH: 4 },
    publish(req: any, cb?: any) {
      return rt.asyncApi(() => {
        if (!req || typeof req !== 'object' || !req.content) throw paramErr('The type of "request" must be NotificationRequest with content.');
        const { title, text } = textOf(req);
        dev('notify', { id: Number(req.id ?? 0), kind: 'notification', title, text, label: req.label ?? '' });
      }, cb);
    },
    cancel: (id: any, label?: any, cb?: any) => rt.asyncApi(() => { dev('cancelNotification', { id: Number(id), kind: 'notification' }); }, typeof label === 'function' ? label : cb),
    cancelAll: (cb?: any) => rt.asyncApi(() => { dev('cancelNotification', { kind: 'notification' }); }, cb),
    getActiveNotifications: (cb?: any) => rt.asyncApi(() => dev('notifications', { kind: 'notification' }).map((n: any) => ({ id: n.id, content: { notificationContentType: 0, normal: { title: n.title, text: n.text } } })), cb),
    getActiveNotificationCount: (cb?: any) => rt.asyncApi(() => dev('notifications', { kind: 'notification' }).length, cb),
    isNotificationEnabled: (cb?: any) => rt.asyncApi(() => dev('notificationsEnabled'), cb),
    isNotificationEnabledSync: () => dev('notificationsEnabled'),
    requestEnableNotification: (_ctx?: any, cb?: any) => rt.asyncApi(() => { dev('enableNotifications'); }, typeof _ctx === 'function' ? _ctx : cb),
    addSlot: (_t: any, cb?: any) => rt.asyncApi(() => undefined, cb), removeSlot: () => resolved(), getSlot: () => resolved(null),
    setBadgeNumber: (n: number, cb?: any) => rt.asyncApi(() => { if (typeof n !== 'number') throw paramErr('The type of "badgeNumber" must be number.'); dev('badge', { n }); }, cb),
    isDistributedEnabled: () => resolved(false), isSupportTemplate: () => resolved(false),
  };
  rt.defineModule('@ohos.notificationManager', () => notificationManager);
  rt.defineModule('@ohos.notification', () => notificationManager);
  const ReminderType = { REMINDER_TYPE_TIMER: 0, REMINDER_TYPE_CALENDAR: 1, REMINDER_TYPE_ALARM: 2 };
  const reminderAgentManager = {
    ReminderType, ActionButtonType: { ACTION_BUTTON_TYPE_CLOSE: 0, ACTION_BUTTON_TYPE_SNOOZE: 1, ACTION_BUTTON_TYPE_CUSTOM: 2 },
    SlotType,
    publishReminder: (req: any, cb?: any) => rt.asyncApi(() => {
      if (!req || typeof req.reminderType !== 'number') throw paramErr('The type of "reminderReq" must be ReminderRequest.');
      const delay = req.reminderType === ReminderType.REMINDER_TYPE_TIMER ? Number(req.triggerTimeInSeconds) : undefined;
      if (delay !== undefined && !(delay > 0)) throw paramErr('triggerTimeInSeconds must be a positive number.');
      return dev('reminder', { title: String(req.title ?? ''), text: String(req.content ?? ''), type: req.reminderType, delaySeconds: delay ?? null,
        hour: req.hour ?? null, minute: req.minute ?? null, dateTime: req.dateTime ?? null });
    }, cb),
    cancelReminder: (id: number, cb?: any) => rt.asyncApi(() => { if (!dev('cancelReminder', { id })) throw err(1700003, 'The reminder does not exist.'); }, cb),
    cancelAllReminders: (cb?: any) => rt.asyncApi(() => { dev('cancelReminder', {}); }, cb),
    getValidReminders: (cb?: any) => rt.asyncApi(() => dev('reminders').map((r: any) => ({ reminderId: r.id, reminderType: r.type, title: r.title, content: r.text })), cb),
    getAllValidReminders: () => resolved(dev('reminders').map((r: any) => ({ reminderId: r.id, reminderReq: { reminderType: r.type, title: r.title, content: r.text } }))),
    addNotificationSlot: () => resolved(), removeNotificationSlot: () => resolved(),
  };
  rt.defineModule('@ohos.reminderAgentManager', () => reminderAgentManager);
  let nextAgent = 1;
  const wantAgent = {
    WantAgentFlags: { ONE_TIME_FLAG: 0, NO_BUILD_FLAG: 1, CANCEL_PRESENT_FLAG: 2, UPDATE_PRESENT_FLAG: 3, CONSTANT_FLAG: 4, REPLACE_ELEMENT: 5, REPLACE_ACTION: 6, REPLACE_URI: 7, REPLACE_ENTITIES: 8, REPLACE_BUNDLE: 9 },
    OperationType: { UNKNOWN_TYPE: 0, START_ABILITY: 1, START_ABILITIES: 2, START_SERVICE: 3, SEND_COMMON_EVENT: 4 },
    getWantAgent: (info: any, cb?: any) => rt.asyncApi(() => {
      if (!info || !Array.isArray(info.wants) || !info.wants.length) throw paramErr('The type of "info" must be WantAgentInfo with wants.');
      return { __wantAgent: nextAgent++, wants: info.wants, operationType: info.actionType ?? info.operationType };
    }, cb),
    getBundleName: (a: any, cb?: any) => rt.asyncApi(() => a?.wants?.[0]?.bundleName ?? env().bundleName, cb),
    getUid: (_a: any, cb?: any) => rt.asyncApi(() => 20010001, cb),
    trigger: (a: any, _info: any, cb?: any) => { if (a?.wants?.[0]?.abilityName) rt.call('log', { level: 'I', tag: 'WantAgent', message: `trigger ${a.wants[0].abilityName}` }); if (typeof cb === 'function') Promise.resolve().then(() => cb(undefined, { finalCode: 0, want: a?.wants?.[0] })); },
    cancel: (_a: any, cb?: any) => rt.asyncApi(() => undefined, cb), equal: (a: any, b: any, cb?: any) => rt.asyncApi(() => a?.__wantAgent === b?.__wantAgent, cb),
    getOperationType: (a: any, cb?: any) => rt.asyncApi(() => a?.operationType ?? 0, cb),
  };
  rt.defineModule('@ohos.app.ability.wantAgent', () => wantAgent);
  rt.defineModule('@ohos.wantAgent', () => wantAgent);

  // ---- service widgets (forms): the data an app hands the form host; no form host runs on an emulated device ----
  const formBindingData = { createFormBindingData: (data?: any) => ({ data: typeof data === 'string' ? data : JSON.stringify(data ?? {}) }) };
  rt.defineModule('@ohos.app.form.formBindingData', () => formBindingData);
  const formInfo = {
    FormState: { UNKNOWN: -1, DEFAULT: 0, READY: 1 }, FormParam: { IDENTITY_KEY: 'ohos.extra.param.key.form_identity', DIMENSION_KEY: 'ohos.extra.param.key.form_dimension',
      NAME_KEY: 'ohos.extra.param.key.form_name', MODULE_NAME_KEY: 'ohos.extra.param.key.module_name', WIDTH_KEY: 'ohos.extra.param.key.form_width', HEIGHT_KEY: 'ohos.extra.param.key.form_height',
      TEMPORARY_KEY: 'ohos.extra.param.key.form_temporary', ABILITY_NAME_KEY: 'ohos.extra.param.key.ability_name', DEVICE_ID_KEY: 'ohos.extra.param.key.device_id', BUNDLE_NAME_KEY: 'ohos.extra.param.key.bundle_name', LAUNCH_REASON_KEY: 'ohos.extra.param.key.form_launch_reason' },
    FormDimension: { Dimension_1_2: 1, Dimension_2_2: 2, Dimension_2_4: 3, Dimension_4_4: 4, Dimension_2_1: 5, DIMENSION_1_1: 6, DIMENSION_6_4: 7 },
    ColorMode: { MODE_AUTO: -1, MODE_DARK: 0, MODE_LIGHT: 1 }, FormType: { eTS: 2, JS: 1 }, VisibilityType: { UNKNOWN: 0, FORM_VISIBLE: 1, FORM_INVISIBLE: 2 },
  };
  rt.defineModule('@ohos.app.form.formInfo', () => formInfo);
  const formProvider = {
    updateForm: (id: any, data: any, cb?: any) => rt.asyncApi(() => {
      if (typeof id !== 'string') throw paramErr('The type of "formId" must be string.');
      if (!data || typeof data !== 'object') throw paramErr('The type of "formBindingData" must be FormBindingData.');
      throw err(16501001, `The ID of the form to be operated does not exist: ${id} (no form host runs on an emulated device).`);
    }, cb),
    setFormNextRefreshTime: (id: any, _m: any, cb?: any) => rt.asyncApi(() => { throw err(16501001, `The ID of the form to be operated does not exist: ${String(id)}`); }, cb),
    getFormsInfo: (cb?: any) => rt.asyncApi(() => [], typeof cb === 'function' ? cb : undefined),
    isRequestPublishFormSupported: () => resolved(false),
  };
  rt.defineModule('@ohos.app.form.formProvider', () => formProvider);

  // ---- uniform data types and DataShare predicates (data descriptions; no other app's data is reachable) ----
  const UniformDataType: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ENTITY: 'general.entity', OBJECT: 'general.object', TEXT: 'general.text', PLAIN_TEXT: 'general.plain-text', HTML: 'general.html',
    HYPERLINK: 'general.hyperlink', XML: 'general.xml', IMAGE: 'general.image', JPEG: 'general.jpeg', PNG: 'general.png', GIF: 'general.gif', BMP: 'general.bmp', WEBP: 'general.webp',
    VIDEO: 'general.video', MPEG4: 'general.mpeg-4', AUDIO: 'general.audio', MP3: 'general.mp3', FILE: 'general.file', FOLDER: 'general.folder', PDF: 'com.adobe.pdf',
    JSON: 'general.json', ZIP: 'general.zip', OPENHARMONY_PIXEL_MAP: 'openharmony.pixel-map', OPENHARMONY_FORM: 'openharmony.form', OPENHARMONY_APP_ITEM: 'openharmony.app-item',
    FILE_URI: 'general.file-uri', CONTENT_FORM: 'general.content-form' })) UniformDataType[k] = v;
  const uniformTypeDescriptor = {
    UniformDataType,
    getUniformDataTypeByFilenameExtension: (ext: string) => ({ '.png': UniformDataType.PNG, '.jpg': UniformDataType.JPEG, '.jpeg': UniformDataType.JPEG, '.gif': UniformDataType.GIF, '.txt': UniformDataType.PLAIN_TEXT, '.html': UniformDataType.HTML, '.json': UniformDataType.JSON, '.pdf': UniformDataType.PDF, '.mp4': UniformDataType.MPEG4, '.mp3': UniformDataType.MP3, '.zip': UniformDataType.ZIP } as Record<string, string>)[String(ext).toLowerCase()] ?? `flex.${String(ext).replace(/^\./, '')}`,
    getUniformDataTypeByMIMEType: (mime: string) => ({ 'image/png': UniformDataType.PNG, 'image/jpeg': UniformDataType.JPEG, 'text/plain': UniformDataType.PLAIN_TEXT, 'text/html': UniformDataType.HTML, 'application/json': UniformDataType.JSON, 'video/mp4': UniformDataType.MPEG4 } as Record<string, string>)[String(mime).toLowerCase()] ?? `flex.${String(mime)}`,
    getTypeDescriptor: (t: string) => ({ typeId: t, belongingToTypes: [], description: '', referenceURL: '', iconFile: '', filenameExtensions: [], mimeTypes: [], belongsTo: (o: string) => o === t, isLowerLevelType: () => false, isHigherLevelType: () => false, equals: (o: any) => o?.typeId === t }),
  };
  rt.defineModule('@ohos.data.uniformTypeDescriptor', () => uniformTypeDescriptor);
  class DataSharePredicates {
    ops: any[] = [];
    private add(op: string, ...a: any[]): DataSharePredicates { this.ops.push({ op, a }); return this; }
    equalTo(f: string, v: any) { return this.add('equalTo', f, v); } notEqualTo(f: string, v: any) { return this.add('notEqualTo', f, v); }
    and() { return this.add('and'); } or() { return this.add('or'); } orderByAsc(f: string) { return this.add('orderByAsc', f); } orderByDesc(f: string) { return this.add('orderByDesc', f); }
    limit(n: number, o: number) { return this.add('limit', n, o); } in(f: string, v: any[]) { return this.add('in', f, v); } like(f: string, v: string) { return this.add('like', f, v); }
    beginWrap() { return this.add('beginWrap'); } endWrap() { return this.add('endWrap'); } greaterThan(f: string, v: any) { return this.add('greaterThan', f, v); } lessThan(f: string, v: any) { return this.add('lessThan', f, v); }
  }
  rt.defineModule('@ohos.data.dataSharePredicates', () => ({ DataSharePredicates, default: { DataSharePredicates } }));

  // ---- the router's names from before pushUrl (push/replace/enableAlertBeforeBackPage …) ----
  rt.defineModule('@ohos.router', () => {
    const r = rt.router;
    return { ...r, push: (o: any) => { void r.pushUrl(o); }, replace: (o: any) => { void r.replaceUrl(o); },
      enableAlertBeforeBackPage: r.showAlertBeforeBackPage, disableAlertBeforeBackPage: r.hideAlertBeforeBackPage, enableBackPageAlert: r.showAlertBeforeBackPage };
  });
}
