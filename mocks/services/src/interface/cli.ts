#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { REGISTRATIONS, SERVICE_NAMES, type ServiceName } from '../registrations';
import { DEFAULT_PORTS, startServices } from './start-services';

const HELP = `madoguchi-services — the four sample services (行政, 防災, 病院, 交通) for the demo

Usage:
  madoguchi-services --credentials FILE [--auth-server URL] [--data-dir DIR] [--host H] [--ports LIST]
  madoguchi-services --registrations     print the auth-server "services" config these four need
  madoguchi-services --help

Options:
  --credentials FILE  JSON: {"city-hall": SECRET, "disaster": …, "hospital": …, "transport": …, "staff": TOKEN}
                      (secrets from madoguchi-server issue-service-secret --id gyosei|bosai|byoin|kotsu;
                      "staff" is the token for /staff routes, random when absent)
  --auth-server URL   the auth-server's issuer URL (default http://127.0.0.1:8080)
  --data-dir DIR      one SQLite file per service (default: in memory)
  --host H            listen address (default 127.0.0.1)
  --ports LIST        e.g. city-hall=8081,disaster=8082 (defaults ${SERVICE_NAMES.map((n) => `${n}=${DEFAULT_PORTS[n]}`).join(',')})

Environment: MADOGUCHI_SERVICES_AUTH_SERVER, MADOGUCHI_SERVICES_DATA_DIR override the defaults.`;

function parsePorts(list: string | undefined): Partial<Record<ServiceName, number>> {
  if (!list) return {};
  return Object.fromEntries(
    list.split(',').map((item) => {
      const [name, port] = item.split('=');
      if (!(SERVICE_NAMES as readonly string[]).includes(name ?? '') || !/^\d+$/.test(port ?? '')) {
        throw new Error(`--ports: "${item}" is not NAME=PORT with NAME one of ${SERVICE_NAMES.join(', ')}`);
      }
      return [name, Number(port)];
    }),
  );
}

function readCredentials(file: string): { secrets: Record<ServiceName, string>; staff?: string } {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  for (const name of SERVICE_NAMES) {
    if (typeof json[name] !== 'string')
      throw new Error(`--credentials ${file}: "${name}" must be a secret string`);
  }
  const staff = typeof json.staff === 'string' ? json.staff : undefined;
  return { secrets: json as Record<ServiceName, string>, ...(staff ? { staff } : {}) };
}

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        help: { type: 'boolean' },
        registrations: { type: 'boolean' },
        credentials: { type: 'string' },
        'auth-server': { type: 'string' },
        'data-dir': { type: 'string' },
        host: { type: 'string' },
        ports: { type: 'string' },
      },
    }).values;
  } catch (error) {
    out(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    out(HELP);
    return 0;
  }
  if (values.registrations) {
    out(JSON.stringify(Object.values(REGISTRATIONS), null, 2));
    return 0;
  }
  if (!values.credentials) {
    out(`--credentials is required\n\n${HELP}`);
    return 2;
  }
  const credentials = readCredentials(values.credentials);
  const dataDir = values['data-dir'] ?? env.MADOGUCHI_SERVICES_DATA_DIR;
  const running = await startServices({
    authServerUrl: values['auth-server'] ?? env.MADOGUCHI_SERVICES_AUTH_SERVER ?? 'http://127.0.0.1:8080',
    credentials: credentials.secrets,
    ports: parsePorts(values.ports),
    ...(values.host ? { host: values.host } : {}),
    ...(dataDir ? { dataDir } : {}),
    ...(credentials.staff ? { staffToken: credentials.staff } : {}),
    logger: true,
  });
  for (const name of SERVICE_NAMES) out(`${name} (${REGISTRATIONS[name].id}): ${running.services[name].url}`);
  if (!credentials.staff) out(`staff token: ${running.staffToken}`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop).once('SIGTERM', stop);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2), process.env, (line) => console.log(line)).then(
    (code) => {
      if (code !== 0) process.exit(code);
    },
    (error: Error) => {
      console.error(`${(error as { code?: string }).code ?? 'ERROR'}: ${error.message}`);
      process.exit(1);
    },
  );
}
