import { describe, expect, it } from 'vitest'
import { decodeStdBase64 } from './go-base64.js'

describe("Go's strict base64", () => {
  it('decodes padded standard base64', () => {
    expect(decodeStdBase64('Y3JlZGl0LWNhcmQtMTIzNA==').toString()).toBe('credit-card-1234')
    expect(decodeStdBase64('').length).toBe(0)
  })

  it("reports the offending byte as Go does", () => {
    expect(() => decodeStdBase64('abc!')).toThrow('illegal base64 data at input byte 3')
    expect(() => decodeStdBase64('abcde')).toThrow('illegal base64 data at input byte 4')
    expect(() => decodeStdBase64('YWJj-A==')).toThrow('illegal base64 data at input byte 4')
  })
})
