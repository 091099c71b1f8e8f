/**
 * A `sys/generate-root` attempt: the OTP chosen at start, and the key shares
 * collected towards the threshold. Only one attempt at a time.
 */
import { ShareAttempt } from './share-attempt.js'

/** `hvs.` + 24 base62: the length of a root token, so of its OTP. */
export const ROOT_OTP_LENGTH = 28

export class RootGeneration extends ShareAttempt<{ otp: string }> {
  constructor() {
    super({ operation: 'root generation', alreadyStarted: 'root generation already in progress', notStarted: 'no root generation in progress' })
  }

  get otp(): string {
    return this.settings?.otp ?? ''
  }
}
