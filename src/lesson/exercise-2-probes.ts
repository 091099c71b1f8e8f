/**
 * The paths exercise 2's policy is judged on: what `web-frontend` must allow
 * (with exactly these capabilities) and what it must not, each with the
 * client command it stands for and the hint for the typical mistake.
 */

/** What the hints know about the learner's policy at one probe. */
export interface ProbeFinding {
  /** Capabilities sys/capabilities reports; `['deny']` when nothing is granted. */
  actual: string[]
  /** The learner's rule that decides this path, as written; undefined when none matches. */
  rule?: string
  /** The deciding rule at the v1-style path secret/frontend/config (the /data/ trap), if it grants anything. */
  v1StyleRule?: string
  /** Capabilities granted at secret/data/frontend/config. */
  dataCapabilities: string[]
}

export interface PolicyProbe {
  path: string
  /** Exactly these capabilities; `['deny']` means nothing may be granted. */
  wants: string[]
  /** The client call the path stands for, or what it is. */
  means: string
  /** Why the path must be denied (deny probes), or what extra capabilities would let a leaked token do. */
  risk: string | ((extra: string[]) => string)
  /** The hint when a wanted capability is missing (allow probes). */
  whenMissing?: (f: ProbeFinding) => string
}

/** Extra capabilities on a secret/data/ path: list is merely useless there, the others are dangerous. */
function dataRisk(extra: string[]): string {
  if (extra.every((c) => c === 'list')) return 'list on secret/data/ does nothing for KV v2 (listing goes through secret/metadata/), so leave it out'
  return 'the frontend may only read its secrets; a leaked token must not be able to change or erase them'
}

const METADATA_RISK = "on secret/metadata/ read shows every version's history and delete erases all of them"

const DATA_RULE = 'path "secret/data/frontend/*" { capabilities = ["read"] }'
const METADATA_RULE = 'path "secret/metadata/frontend/*" { capabilities = ["list"] }'
const CREDS_RULE = 'path "database/creds/frontend-readonly" { capabilities = ["read"] }'

function dataTrap(f: ProbeFinding, command: string, apiPath: string, rule: string): string | undefined {
  if (!f.v1StyleRule) return undefined
  return `Policy on ${f.v1StyleRule} does not cover \`${command}\`, whose API path is ${apiPath}: KV v2 puts /data/ (and /metadata/ for lists) after the mount. Write ${rule}`
}

function missingData(command: string, apiPath: string) {
  return (f: ProbeFinding): string =>
    dataTrap(f, command, apiPath, DATA_RULE) ?? `Nothing grants read on ${apiPath} (what \`${command}\` calls): add ${DATA_RULE}`
}

function missingList(command: string, apiPath: string) {
  return (f: ProbeFinding): string => {
    const trap = dataTrap(f, command, apiPath, METADATA_RULE)
    if (trap) return trap
    if (f.dataCapabilities.includes('list')) {
      return `\`${command}\` sends LIST ${apiPath}: list on secret/data/... does nothing for KV v2, listing happens under secret/metadata/. Add ${METADATA_RULE}`
    }
    return `Nothing grants list on ${apiPath} (what \`${command}\` calls): add ${METADATA_RULE}`
  }
}

export const ALLOWED_PROBES: readonly PolicyProbe[] = [
  {
    path: 'secret/data/frontend/config',
    wants: ['read'],
    means: 'vault kv get secret/frontend/config',
    risk: dataRisk,
    whenMissing: missingData('vault kv get secret/frontend/config', 'secret/data/frontend/config'),
  },
  {
    path: 'secret/data/frontend/team/api-keys',
    wants: ['read'],
    means: 'vault kv get secret/frontend/team/api-keys',
    risk: dataRisk,
    whenMissing: (f) =>
      f.dataCapabilities.includes('read')
        ? `Secrets nested deeper under frontend/ are not covered: "+" matches one path segment, a trailing "*" matches the rest. Write ${DATA_RULE}`
        : missingData('vault kv get secret/frontend/team/api-keys', 'secret/data/frontend/team/api-keys')(f),
  },
  {
    path: 'secret/metadata/frontend/',
    wants: ['list'],
    means: 'vault kv list secret/frontend',
    risk: METADATA_RISK,
    whenMissing: missingList('vault kv list secret/frontend', 'secret/metadata/frontend/'),
  },
  {
    path: 'secret/metadata/frontend/team/',
    wants: ['list'],
    means: 'vault kv list secret/frontend/team',
    risk: METADATA_RISK,
    whenMissing: missingList('vault kv list secret/frontend/team', 'secret/metadata/frontend/team/'),
  },
  {
    path: 'database/creds/frontend-readonly',
    wants: ['read'],
    means: 'vault read database/creds/frontend-readonly',
    risk: 'generating credentials is a read; nothing else is needed',
    whenMissing: () => `Nothing grants read on database/creds/frontend-readonly: add ${CREDS_RULE}`,
  },
]

export const DENIED_PROBES: readonly PolicyProbe[] = [
  { path: 'secret/data/backend/config', wants: ['deny'], means: "another app's secrets", risk: "the frontend could read the backend's secrets; keep every rule under secret/data/frontend/" },
  {
    path: 'secret/data/frontend-admin/config',
    wants: ['deny'],
    means: 'a sibling of frontend/',
    risk: 'a glob without the slash (secret/data/frontend*) also matches frontend-admin/, frontend-old/, ...: end it with "frontend/*"',
  },
  {
    path: 'secret/frontend/config',
    wants: ['deny'],
    means: 'the v1-style path, no /data/',
    risk: 'on KV v2 no client request goes here (`vault kv get secret/frontend/x` calls secret/data/frontend/x), so the rule only adds risk: on a KV v1 mount it would grant whatever it says. Remove it and use secret/data/frontend/* and secret/metadata/frontend/*',
  },
  { path: 'secret/destroy/frontend/config', wants: ['deny'], means: 'vault kv destroy secret/frontend/config', risk: 'the frontend could destroy its secrets\' versions for good' },
  {
    path: 'database/creds/frontend-readwrite',
    wants: ['deny'],
    means: 'another database role',
    risk: 'the frontend could take read-write (or any other role\'s) database credentials: name the one role, database/creds/frontend-readonly, without a glob',
  },
  { path: 'database/roles/frontend-readonly', wants: ['deny'], means: "the role's definition", risk: "the frontend could rewrite the role's SQL, e.g. to create superusers" },
  { path: 'sys/policies/acl/web-frontend', wants: ['deny'], means: 'the policy itself', risk: 'the frontend could rewrite its own policy and grant itself anything' },
  { path: 'auth/token/create', wants: ['deny'], means: 'vault token create', risk: 'the frontend could mint new tokens' },
]
