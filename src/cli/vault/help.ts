/**
 * `vault-emu <command> -h`: a short usage text per vault-style command, in
 * this project's words (flags and arguments as the vault CLI takes them).
 * Commands without an entry get a one-line pointer to the vault command.
 */

const OUTPUT = '  -format=table|json|yaml   output format (or VAULT_FORMAT)\n  -field=<name>             print one field raw'

/** Command path to its usage text (after the `Usage: vault-emu <path>` line). */
export const COMMAND_HELP: Record<string, string> = {
  status: `\n\nSeal status and HA state of the server. Exit code 0 unsealed, 2 sealed, 1 error.\n\n${OUTPUT}`,
  'operator init': ' [options]\n\nInitialise the seal: split the root key into unseal key shares and print them with the root token.\n\n  -key-shares=5     number of shares\n  -key-threshold=3  shares needed to unseal\n  -status           exit 0 if initialised, 2 if not\n  -format=json      machine-readable keys',
  'operator unseal': ' [options] [key]\n\nSubmit one unseal key share (prompted for, hidden, when not given; "-" reads stdin).\n\n  -reset   discard the shares submitted so far\n  -format  output format',
  'operator seal': '\n\nSeal the server (needs a sudo-capable token).',
  'operator rekey': ' [options] [key]\n\nNew unseal key shares (and a new root key) from a quorum of the current ones.\n\n  -init -key-shares=5 -key-threshold=3  start a rekey with the new share count and threshold\n  -nonce=<nonce>    the rekey\'s nonce, when the key share is an argument ("-" reads it from stdin)\n  -status, -cancel  show or cancel the rekey',
  'operator generate-root': ' [options] [key]\n\nGenerate a new root token from a quorum of unseal key shares.\n\n  -init             start an attempt (prints the nonce and a generated OTP)\n  -otp=<otp>        with -init: your own OTP; with -decode: the OTP to decode with\n  -nonce=<nonce>    the attempt\'s nonce, when the key share is an argument\n  -decode=<token>   decode the final encoded token ("-" reads stdin)\n  -status, -cancel  show or cancel the attempt\n  -generate-otp     print a random OTP of the right length',
  'operator raft list-peers': ' [options]\n\nThe raft peers as a Node/Address/State/Voter table.',
  'operator raft autopilot state': ' [options]\n\nAutopilot health (-format=pretty by default, or json|yaml).',
  'operator raft snapshot save': ' <file>\n\nWrite a snapshot of all state to <file> (mode 0600).',
  'operator raft snapshot restore': ' [-force] <file>\n\nReplace all state with the snapshot in <file>.',
  'secrets enable': ' [options] <type>\n\nMount a secrets engine (kv, kv-v2, transit, database, pki, ...).\n\n  -path=<path>                 mount path (default: the type)\n  -version=2                   kv version\n  -description=<text>\n  -default-lease-ttl=<dur>  -max-lease-ttl=<dur>',
  'secrets disable': ' <path>\n\nUnmount the secrets engine at <path>, revoking its leases.',
  'secrets list': ` [-detailed]\n\nThe mounted secrets engines.\n\n${OUTPUT}`,
  'auth enable': ' [options] <type>\n\nEnable an auth method (userpass, approle, kubernetes, jwt, ...).\n\n  -path=<path>  mount path (default: the type)\n  -description=<text>',
  'auth disable': ' <path>\n\nDisable the auth method at <path>.',
  'auth list': ` [-detailed]\n\nThe enabled auth methods.\n\n${OUTPUT}`,
  'audit enable': ' [-path=<path>] <type> [key=value...]\n\nEnable an audit device, e.g. "audit enable file file_path=/tmp/audit.log".',
  'audit disable': ' <path>\n\nDisable the audit device at <path>.',
  'audit list': ` [-detailed]\n\nThe enabled audit devices.\n\n${OUTPUT}`,
  'policy write': ' <name> <file|->\n\nUpload an ACL policy from a file or stdin.',
  'policy read': ` <name>\n\nPrint an ACL policy's text.\n\n${OUTPUT}`,
  'policy list': '\n\nThe ACL policy names.',
  'policy delete': ' <name>\n\nDelete an ACL policy.',
  'policy fmt': ' <file>\n\nValidate a policy file and rewrite it in canonical layout.',
  'token create': ` [options]\n\nCreate a token.\n\n  -policy=<name>          repeatable\n  -ttl, -explicit-max-ttl, -period=<duration>\n  -orphan  -no-default-policy  -renewable=false\n  -use-limit=<n>  -display-name=<name>  -role=<role>  -metadata=k=v\n${OUTPUT}`,
  'token lookup': ` [-accessor] [token]\n\nShow a token's properties (your own when none is given).\n\n${OUTPUT}`,
  'token renew': ' [-increment=<duration>] [token]\n\nRenew a token (your own when none is given).',
  'token revoke': ' [-self | -accessor | -mode=orphan|path] [token]\n\nRevoke a token and, unless -mode=orphan, its children.',
  'token capabilities': ' [token] <path>\n\nThe capabilities a token (yours when none is given) has on a path, e.g. "list, read" or "deny".',
  'lease lookup': ` <lease_id>\n\nShow a lease's issue, expiry and renewal times.\n\n${OUTPUT}`,
  'print token': '\n\nPrint the token commands send (VAULT_TOKEN, else ~/.vault-token).',
  'lease renew': ' [-increment=<duration>] <lease_id>\n\nRenew a lease.',
  'lease revoke': ' [-prefix] [-force] [-sync] <lease_id|prefix>\n\nRevoke a lease, or with -prefix every lease under a path.',
  login: ' [options] [token | key=value...]\n\nAuthenticate and store the token in ~/.vault-token.\n\n  -method=token|userpass|approle  (default token)\n  -path=<mount>                   auth mount when not the default\n  -no-store  -no-print  -token-only\n\n  vault-emu login <token>\n  vault-emu login -method=userpass username=alice        (prompts for the password)\n  vault-emu login -method=approle role_id=... secret_id=...',
  read: ` <path> [key=value...]\n\nRead a path; key=value pairs go in the query string.\n\n${OUTPUT}`,
  write: ` [-f] <path> [key=value | key=@file | key=- | @file.json | -]...\n\nWrite to a path. Prints "Success! Data written to: <path>" when the reply is empty, else the reply.\n\n  -f, -force   write with no data\n${OUTPUT}`,
  list: ' [-format=json] <path>\n\nThe keys under a path.',
  delete: ' <path> [key=value...]\n\nDelete a path; key=value pairs go in the query string.',
  'kv get': ` [-mount=<mount>] [-version=<n>] <path>\n\nRead a KV secret (v1 or v2: the mount's version comes from the sys/internal/ui/mounts preflight).\n\n${OUTPUT}\n  -output-policy            print the policy the command needs (any command), send nothing`,
  'kv put': ' [-mount=<mount>] [-cas=<n>] <path> key=value...\n\nWrite a KV secret (on v2 a new version). -cas=0 writes only if the key does not exist.',
  'kv patch': ' [-mount=<mount>] [-cas=<n>] [-method=patch|rw] [-remove-data=<key>] <path> [key=value...]\n\nChange some keys of the latest KV v2 version.',
  'kv delete': ' [-mount=<mount>] [-versions=<n,...>] <path>\n\nSoft-delete the latest (or the listed) KV v2 versions; on v1 remove the key.',
  'kv undelete': ' [-mount=<mount>] -versions=<n,...> <path>\n\nRestore soft-deleted KV v2 versions.',
  'kv destroy': ' [-mount=<mount>] -versions=<n,...> <path>\n\nPermanently remove KV v2 versions.',
  'kv list': ' [-mount=<mount>] [path]\n\nThe keys under a KV folder.',
  'kv metadata get': ' [-mount=<mount>] <path>\n\nA KV v2 key\'s metadata and its versions.',
  'kv metadata put': ' [-mount=<mount>] [-max-versions=<n>] [-cas-required] [-delete-version-after=<dur>] [-custom-metadata=k=v] <path>\n\nSet a KV v2 key\'s settings.',
  'kv metadata patch': ' [-mount=<mount>] [settings as for put] [-remove-custom-metadata=<key>] <path>\n\nMerge into a KV v2 key\'s settings.',
  'kv metadata delete': ' [-mount=<mount>] <path>\n\nDelete a KV v2 key with all its versions.',
  'kv rollback': ' -version=<n> [-mount=<mount>] <path>\n\nWrite an old KV v2 version\'s data as the newest version.',
  'kv enable-versioning': ' <mount>\n\nUpgrade a KV v1 mount to v2.',
}

/** The help text `-h` prints for a command path. */
export function commandHelp(path: string): string {
  return `Usage: vault-emu ${path}${COMMAND_HELP[path] ?? ` [options] [args]\n\nThe same command, flags and output as "vault ${path}".`}\n`
}
