import { ENV_NAMES } from '../config/load-config';

export const HELP = `madoguchi-bridge — the set-top box's card service (PC/SC, PIN safety, loopback WebSocket for the TV)

Usage: madoguchi-bridge --config FILE [COMMAND]

Commands:
  serve       run the bridge (default): TV WebSocket on 127.0.0.1, card through PC/SC, auth-server over HTTPS.
              SIGTERM or SIGINT stop it cleanly.
  enrol       print this box's device id and public key (made on first use in stateDir, mode 0600), and the
              command the operator runs on the auth-server to enrol it

Options:
  --config FILE   the JSON config (or MADOGUCHI_BRIDGE_CONFIG); relative paths in it are relative to the file
  --help, -h      this text

Config keys:
  allowedOrigins (required)   TV app origins allowed to open the WebSocket, e.g. ["http://127.0.0.1:8080"]
  serverUrl (required)        the auth-server, e.g. "https://auth.example.city.jp" (http only to 127.0.0.1)
  stateDir (required)         directory of the device key (created 0700; key 0600)
  port                        TV WebSocket port on 127.0.0.1 (default 8765; 0 = any free port)
  serverCaFile                extra CA certificates (PEM) for a private auth-server
  readerName                  use only PC/SC readers whose name contains this (default: the first reader)
  card                        "pcsc" (default) or "virtual:PROFILE.json" — development only, no pcscd needed;
                              needs the dev install (@madoguchi/jpki-card)
  timeouts.serverMs           per auth-server request (default 10000)
  timeouts.pinEntrySeconds    an unanswered PIN request cancels the operation (default 300)
  timeouts.pcscRestartMs      wait before opening PC/SC again after pcscd went away (default 1000)
  timeouts.stopMs             after SIGTERM, the process is killed if shutdown takes longer (default 5000)
  logLevel                    fatal|error|warn|info|debug|trace|silent (default info); JSON lines on stdout,
                              never a PIN, a token or a key

Environment overrides (allowedOrigins: comma-separated):
  MADOGUCHI_BRIDGE_CONFIG
  ${ENV_NAMES.join('\n  ')}

Errors print as "CODE: message" with exit status 1 (2 for usage errors).
`;
