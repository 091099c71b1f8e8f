/**
 * A PostgreSQL SCRAM-SHA-256 verifier for a password, for
 * `password_authentication=scram-sha-256`: the plugin then puts the verifier,
 * not the password, into `{{password}}`, so the clear text never reaches the
 * server (or its statement logs).
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto'

const ITERATIONS = 4096
const SALT_BYTES = 16

/** `SCRAM-SHA-256$4096:<salt>$<StoredKey>:<ServerKey>`, base64 parts, as libpq builds it. */
export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(SALT_BYTES)): string {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, ITERATIONS, 32, 'sha256')
  const clientKey = createHmac('sha256', salted).update('Client Key').digest()
  const storedKey = createHash('sha256').update(clientKey).digest()
  const serverKey = createHmac('sha256', salted).update('Server Key').digest()
  return `SCRAM-SHA-256$${ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`
}
