/** The Vault version the emulator reports (and whose API it follows). */
export const VAULT_VERSION = '1.17.3'
export const BUILD_DATE = '2024-08-28T16:53:14Z'
