/** An error the app sees as a BusinessError with this code (thrown by host families; see host.ts). */
export class KitError extends Error {
  constructor(readonly code: number, message: string) { super(message); }
}
