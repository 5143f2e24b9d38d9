import { createPublicKey, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AuditQuerySchema, DeviceIdSchema, MadoguchiError, parseSerialList } from '@madoguchi/protocol';
import { Value } from '@sinclair/typebox/value';
import type { Config } from '../config/config-schema';
import { ensureStateDir } from '../config/state-dir';
import { systemClock } from '../domain/clock';
import { findHolders, holderView, operateHolder, type OperatorContext } from '../domain/operate-holders';
import { buildRegistry, serviceInfo } from '../domain/service-registry';
import { hashServiceSecret } from '../plugins/service-auth';
import { importSerialList } from '../domain/import-serial-list';
import { openStore } from '../store/open-store';
import type { Store } from '../store/store';
import { TokenKeys } from '../tokens/token-keys';
import { requireOption, type CliArgs } from './cli-args';

/** One operator command: reads its arguments, does one job against the store or the running server, prints. */
export type Command = (config: Config, args: CliArgs, print: (line: string) => void) => Promise<void>;

async function withStore<T>(config: Config, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config.store);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export const enrolDevice: Command = (config, args, print) => {
  const deviceId = requireOption(args, 'id');
  if (!Value.Check(DeviceIdSchema, deviceId)) {
    throw new MadoguchiError(
      'BAD_MESSAGE',
      `device id ${JSON.stringify(deviceId)} must match ${DeviceIdSchema.pattern}`,
    );
  }
  const key = createPublicKey(readFileSync(requireOption(args, 'public-key')));
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new MadoguchiError('BAD_MESSAGE', 'the device key must be ECDSA P-256');
  }
  return withStore(config, async (store) => {
    const enrolled = await store.enrolDevice({
      deviceId,
      publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString(),
      label: args.options.get('label') ?? '',
      enrolledAt: systemClock.now(),
    });
    if (!enrolled) throw new MadoguchiError('BAD_MESSAGE', `device ${deviceId} is enrolled already`);
    print(`enrolled ${deviceId}`);
  });
};

export const revokeDevice: Command = (config, args, print) =>
  withStore(config, async (store) => {
    const deviceId = requireOption(args, 'id');
    if (!(await store.revokeDevice(deviceId, systemClock.now()))) {
      throw new MadoguchiError('DEVICE_UNKNOWN', `no enrolled, unrevoked device ${deviceId}`);
    }
    print(`revoked ${deviceId}`);
  });

export const importSerialListCommand: Command = async (config, args, print) => {
  const file = args.positional[0];
  if (file === undefined) throw new MadoguchiError('BAD_MESSAGE', 'import-serial-list needs the CSV file');
  const rows = parseSerialList(readFileSync(file, 'utf8'));
  const result = await withStore(config, (store) => importSerialList(store, rows));
  print(JSON.stringify(result));
};

export const refreshCrl: Command = async (config, args, print) => {
  const base = args.options.get('url') ?? `http://${config.listen.host}:${config.listen.port}`;
  const { operatorToken } = ensureStateDir(config.stateDir);
  const response = await fetch(`${base}/v1/admin/crl/refresh`, {
    method: 'POST',
    headers: { authorization: `Bearer ${operatorToken}` },
  });
  const text = await response.text();
  if (!response.ok)
    throw new MadoguchiError('SERVER_UNREACHABLE', `refresh refused: ${response.status} ${text}`);
  print(text);
};

export const audit: Command = (config, args, print) =>
  withStore(config, async (store) => {
    const o = args.options;
    const query = Value.Default(
      AuditQuerySchema,
      Value.Convert(AuditQuerySchema, {
        ...(o.has('since') ? { since: o.get('since') } : {}),
        ...(o.has('until') ? { until: o.get('until') } : {}),
        ...(o.has('outcome') ? { outcome: o.get('outcome') } : {}),
        ...(o.has('code') ? { code: o.get('code') } : {}),
        ...(o.has('device') ? { deviceId: o.get('device') } : {}),
        ...(o.has('service') ? { serviceId: o.get('service') } : {}),
        ...(o.has('limit') ? { limit: o.get('limit') } : {}),
      }),
    );
    if (!Value.Check(AuditQuerySchema, query)) {
      const e = Value.Errors(AuditQuerySchema, query).First();
      throw new MadoguchiError('BAD_MESSAGE', `audit query ${e?.path ?? ''}: ${e?.message ?? 'invalid'}`);
    }
    for (const record of await store.queryAudit(query)) print(JSON.stringify(record));
  });

export const rotateTokenKey: Command = async (config, _args, print) => {
  const { tokenKeyDir } = ensureStateDir(config.stateDir);
  const keys = await TokenKeys.open(tokenKeyDir, systemClock, {
    rotationMs: config.tokens.keyRotationSeconds * 1000,
    tokenTtlMs: config.tokens.ttlSeconds * 1000,
  });
  print(`new token key ${await keys.rotate()}`);
};

export const listServices: Command = async (config, _args, print) => {
  for (const registration of buildRegistry(config.services).values()) {
    print(JSON.stringify({ ...serviceInfo(registration), verifySignatures: registration.verifySignatures }));
  }
};

/** A new client secret for a registered service (printed once; the store keeps its hash). Replaces the old one. */
export const issueServiceSecret: Command = (config, args, print) =>
  withStore(config, async (store) => {
    const serviceId = requireOption(args, 'id');
    if (!config.services.some((s) => s.id === serviceId)) {
      throw new MadoguchiError('SERVICE_UNKNOWN', `service ${serviceId} is not in the config's services`);
    }
    const secret = randomBytes(32).toString('base64url');
    await store.setServiceSecret(serviceId, hashServiceSecret(secret), systemClock.now());
    print(secret);
  });

/** The CLI reads no CRLs: a name change is noticed by the running server, not here. */
const operatorContext = (config: Config, store: Store): OperatorContext => ({
  store,
  clock: systemClock,
  crls: () => new MadoguchiError('CRL_STALE', 'the CLI loads no CRLs'),
  services: buildRegistry(config.services),
});

export const findHolder: Command = (config, args, print) =>
  withStore(config, async (store) => {
    for (const h of await findHolders(operatorContext(config, store), requireOption(args, 'serial'))) {
      print(JSON.stringify(h));
    }
  });

export const showHolder: Command = (config, args, print) =>
  withStore(config, async (store) =>
    print(JSON.stringify(await holderView(operatorContext(config, store), requireOption(args, 'id')))),
  );

const lifecycle =
  (action: 'suspend' | 'reactivate' | 'abolish'): Command =>
  (config, args, print) =>
    withStore(config, async (store) =>
      print(
        JSON.stringify(
          await operateHolder(operatorContext(config, store), requireOption(args, 'id'), action),
        ),
      ),
    );
export const suspendHolder = lifecycle('suspend');
export const reactivateHolder = lifecycle('reactivate');
export const abolishHolder = lifecycle('abolish');
