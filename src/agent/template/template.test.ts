import { describe, expect, it } from 'vitest'
import { parseTemplate, secretCalls } from './parse-template.js'
import { renderTemplate } from './render-template.js'
import type { TemplateSecret } from './render-template.js'

const creds: TemplateSecret = { LeaseID: 'database/creds/app/abc', LeaseDuration: 3600, Renewable: true, Data: { username: 'v-app-1', password: 'pw' }, Warnings: [] }
const kv2: TemplateSecret = { LeaseID: '', LeaseDuration: 0, Renewable: false, Data: { data: { api_key: 'k-1', n: 3 }, metadata: { version: 2 } }, Warnings: [] }

function render(text: string, secrets: Record<string, TemplateSecret> = { 'database/creds/app': creds, 'secret/data/app': kv2 }): string {
  return renderTemplate(parseTemplate(text, 'app.tpl'), (call) => secrets[call.path]!, 'app.tpl')
}

describe('Consul Template subset', () => {
  it('renders .Data fields of a dynamic secret and .Data.data fields of a KV v2 secret', () => {
    const text = '{{ with secret "database/creds/app" }}DB_USER={{ .Data.username }}\nDB_PASS={{ .Data.password }}\n{{ end }}{{ with secret "secret/data/app" }}KEY={{ .Data.data.api_key }} v{{ .Data.metadata.version }}{{ end }}'
    expect(render(text)).toBe('DB_USER=v-app-1\nDB_PASS=pw\nKEY=k-1 v2')
  })

  it('trims whitespace around {{- and -}} as Go does', () => {
    const text = 'A  \n  {{- with secret "database/creds/app" -}}\n   user={{ .Data.username -}}  \n {{- end }}\nB'
    expect(render(text)).toBe('Auser=v-app-1\nB')
    expect(render('x {{- /* note */ -}} y')).toBe('xy')
  })

  it('prints missing keys as <no value>, maps and lists in Go form, and lease fields', () => {
    expect(render('{{ with secret "database/creds/app" }}{{ .Data.nope }}|{{ .LeaseDuration }}|{{ .Renewable }}|{{ .LeaseID }}{{ end }}')).toBe('<no value>|3600|true|database/creds/app/abc')
    expect(render('{{ with secret "secret/data/app" }}{{ .Data.data }}{{ end }}')).toBe('map[api_key:k-1 n:3]')
  })

  it('supports {{ else }}, {{ with .Field }} and write-style secret arguments', () => {
    expect(render('{{ with secret "secret/data/app" }}{{ with .Data.data.missing }}yes{{ else }}no{{ end }}{{ with .Data.data }}{{ .api_key }}{{ end }}{{ end }}')).toBe('nok-1')
    const nodes = parseTemplate('{{ with secret "pki/issue/web" "common_name=a.example" "ttl=1h" }}{{ end }}', 'x')
    expect(secretCalls(nodes)).toEqual([{ path: 'pki/issue/web', writeData: { common_name: 'a.example', ttl: '1h' } }])
  })

  it('refuses unsupported features and broken structure, naming the template and line', () => {
    expect(() => parseTemplate('a\n{{ range secrets "secret/" }}{{ end }}', 'app.tpl')).toThrow(/^\[vault-emu\] app\.tpl:2: unsupported action "\{\{ range secrets "secret\/" \}\}"/)
    expect(() => parseTemplate('{{ .Data.x | toUpper }}', 'app.tpl')).toThrow('app.tpl:1: unsupported action')
    expect(() => parseTemplate('\n\n{{ with secret "a" }}', 'app.tpl')).toThrow('app.tpl:3: {{ with }} without a matching {{ end }}')
    expect(() => parseTemplate('{{ end }}', 'app.tpl')).toThrow('app.tpl:1: {{ end }} without a {{ with }}')
    expect(() => parseTemplate('{{ with secret database }}{{ end }}', 'app.tpl')).toThrow('secret takes a quoted path')
    expect(() => parseTemplate('x {{ .a', 'app.tpl')).toThrow('app.tpl:1: unclosed action')
    expect(() => render('{{ .Data.username }}')).toThrow('app.tpl:1: {{ .Data.username }} outside {{ with secret')
  })
})
