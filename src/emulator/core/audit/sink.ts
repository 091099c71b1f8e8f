/**
 * Where a device's lines go. The broker counts a device as having logged a
 * request only once its line is stored, which is what makes fail-closed hold.
 */

export interface AuditSink {
  /**
   * Store one JSON line (without newline or prefix). Undefined: stored
   * already; a promise: settles when stored (rejects when it could not be).
   * May also throw.
   */
  write(json: string): Promise<void> | undefined
  /** Release what the sink holds (file descriptors). */
  close(): void
}

/** `file_path=stdout`: Node writes to a file, pipe or terminal synchronously on Linux. */
export class StdoutSink implements AuditSink {
  constructor(private readonly prefix: string) {}

  write(json: string): undefined {
    process.stdout.write(`${this.prefix}${json}\n`)
    return undefined
  }

  close(): void {}
}

/** `file_path=discard`: accepts everything, stores nothing (and so never fails). */
export class DiscardSink implements AuditSink {
  write(_json: string): undefined {
    return undefined
  }
  close(): void {}
}
