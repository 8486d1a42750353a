/**
 * The reference's BusinessError: what kit APIs throw (synchronously) or pass to callbacks / reject with. Apps
 * check `err.code` numbers, so codes follow the reference SDK.
 */
export class BusinessError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = 'BusinessError';
  }
}

export const ErrorCode = {
  PERMISSION_DENIED: 201,
  INVALID_PARAMETER: 401,
  /** distributedKVStore */
  KV_OVER_MAX_SUBSCRIBE: 15100001,
  KV_OPEN_WITH_CHANGED_OPTIONS: 15100002,
  KV_CORRUPTED: 15100003,
  KV_NOT_FOUND: 15100004,
  KV_CLOSED: 15100005,
  /** distributedDataObject */
  OBJECT_CREATE_FAILED: 15400001,
  /** distributedDeviceManager */
  DM_FAILED: 11600101,
} as const;

export const DATASYNC_PERMISSION = 'ohos.permission.DISTRIBUTED_DATASYNC';

export function permissionDenied(api: string): BusinessError {
  return new BusinessError(ErrorCode.PERMISSION_DENIED,
    `Permission verification failed. ${api} needs ${DATASYNC_PERMISSION}: declare it in module.json5 requestPermissions.`);
}

export function paramError(message: string): BusinessError {
  return new BusinessError(ErrorCode.INVALID_PARAMETER, `Parameter error. ${message}`);
}

/**
 * Runs `work` in the reference's dual style: with a trailing callback it reports `(err, data)` to it and returns
 * undefined; without, it returns a promise. Synchronous parameter errors are thrown in both styles, as the
 * reference does.
 */
export function promiseOrCallback<T>(callback: unknown, work: () => Promise<T>): Promise<T> | undefined {
  const p = work();
  if (typeof callback === 'function') {
    p.then((data) => (callback as (e: unknown, d?: T) => void)(undefined, data),
      (err) => (callback as (e: unknown) => void)(err));
    return undefined;
  }
  return p;
}
