/**
 * Vault's default credential generator (`random.DefaultStringGenerator`): 20
 * characters from `[A-Za-z0-9-]` with at least one lowercase letter, one
 * uppercase letter, one digit and one `-`.
 */
import { randomInt } from '../../../core/ids.js'

const CHARSET = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const LENGTH = 20
const RULES = [/[a-z]/, /[A-Z]/, /[0-9]/, /-/]

export function generatePassword(): string {
  for (;;) {
    let out = ''
    for (let i = 0; i < LENGTH; i++) out += CHARSET[randomInt(CHARSET.length)]
    if (RULES.every((rule) => rule.test(out))) return out
  }
}
