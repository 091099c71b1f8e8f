# Exercise 2: a least-privilege policy for the web frontend.

path "secret/data/frontend/*" {
  capabilities = ["read"]
}

path "secret/metadata/frontend/*" {
  capabilities = ["list"]
}

path "database/creds/frontend-readonly" {
  capabilities = ["read"]
}
