import { ENV_NAMES } from '../config/env-overrides';

export const HELP = `madoguchi-server — the Madoguchi JPKI verifier

Usage: madoguchi-server --config FILE [COMMAND] [OPTIONS]

Commands:
  serve                          run the HTTP server (default)
  enrol-device --id ID --public-key FILE [--label TEXT]
                                 enrol a set-top box by its ECDSA P-256 public key (SPKI PEM)
  revoke-device --id ID          refuse every further call of a box
  import-serial-list FILE        join renewed certificates to their holders (J-LIS old→new serial list, CSV)
  refresh-crl [--url URL]        ask the running server (default: the config's listen address) to reload CRLs
  audit [--since T] [--until T] [--outcome accepted|refused] [--code CODE] [--device ID] [--service ID] [--limit N]
                                 print audit records as JSON lines
  rotate-token-key               make a new token signing key (published now, signing after 10 minutes)
  list-services                  print each registered service (what it may receive, its PIN policy)
  issue-service-secret --id ID   print a new client secret for a service (HTTP Basic on its API); replaces the old
  find-holder --serial HEX       the holder of a certificate serial (a loss report), with its links
  holder --id HOLDER             a holder's status and links
  suspend-holder --id HOLDER     card reported lost: every login and token refused at once; links kept
  reactivate-holder --id HOLDER  card found: logins work again (tokens ended by the suspension stay ended)
  abolish-holder --id HOLDER     card gone: its certificates never accepted again; a new card joins by the
                                 serial list (import-serial-list) or by re-linking

Config keys (JSON file; paths relative to the file):
  stateDir (required)            secrets: token keys, pairwise secret, operator token (0700/0600)
  services (required)            [{ "id": "gyosei", "name": "美波町役場", "assurance": "auth" | "sign",
                                    "recentLoginSeconds": 0, "facts": { "allowed": ["name", "address",
                                    "dateOfBirth", "sex"], "sources": ["sign-cert", "card-info"] },
                                    "verifySignatures": false, "redirectUris": [], "origins": [] }]
  listen.host, listen.port       default 127.0.0.1:8080
  issuer                         OpenID issuer URL services use (default http://127.0.0.1:8080)
  store                          { "kind": "sqlite", "path": FILE } (default stateDir/madoguchi.db)
                                 or { "kind": "postgres", "url": "postgres://…" }
  trust.auth / trust.sign        { "dir": CA dir with g*/ca.pem, g*/crl.der, "anchors": [], "links": [], "crls": [] }
  crl.refreshSeconds, crl.graceSeconds          default 3600, 3600
  challenge.ttlSeconds           default 120
  device.maxSkewSeconds          default 300
  tokens.ttlSeconds, tokens.keyRotationSeconds  default 600, 2592000
  rateLimit.max, rateLimit.windowSeconds        default 120 per 60 s, per device
  logLevel                       fatal|error|warn|info|debug|trace|silent (default info)

Environment overrides:
  ${ENV_NAMES.join('\n  ')}
`;
