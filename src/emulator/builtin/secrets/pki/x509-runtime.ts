/**
 * `@peculiar/x509`, ready to use: its Reflect polyfill loaded first, and
 * Node's WebCrypto (native, fast) as its crypto provider. Every PKI module
 * imports the library through here.
 */
import './reflect-metadata-shim.js'
import { webcrypto } from 'node:crypto'
import * as x509 from '@peculiar/x509'

x509.cryptoProvider.set(webcrypto as unknown as Crypto)

export { x509 }
