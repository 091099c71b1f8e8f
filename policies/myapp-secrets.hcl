# vault policy write myapp-secrets policies/myapp-secrets.hcl

# Read application secrets
path "secret/data/myapp/*" {
  capabilities = ["read", "list"]
}

# Generate dynamic database credentials
path "database/creds/app-readonly" {
  capabilities = ["read"]
}

# Allow the token to manage itself
path "auth/token/renew-self" {
  capabilities = ["update"]
}

path "auth/token/lookup-self" {
  capabilities = ["read"]
}

# Explicitly deny access to other apps
path "secret/data/billing/*" {
  capabilities = ["deny"]
}
