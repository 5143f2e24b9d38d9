import { readFileSync } from 'node:fs';
import path from 'node:path';

const unit = readFileSync(path.join(__dirname, '../../deploy/madoguchi-bridge.service'), 'utf8');
const settings = unit
  .split('\n')
  .filter((l) => /^[A-Za-z]+=/.test(l))
  .map((l) => l.split('=', 2) as [string, string]);
const values = (key: string) => settings.filter(([k]) => k === key).map(([, v]) => v);

describe('systemd unit', () => {
  it.each([
    ['NoNewPrivileges', 'yes'],
    ['ProtectSystem', 'strict'],
    ['ProtectHome', 'yes'],
    ['PrivateTmp', 'yes'],
    ['PrivateDevices', 'yes'],
    ['RestrictAddressFamilies', 'AF_UNIX AF_INET AF_INET6'],
    ['IPAddressDeny', 'any'],
    ['IPAddressAllow', 'localhost'],
    ['DynamicUser', 'yes'],
    ['CapabilityBoundingSet', ''],
    ['StateDirectoryMode', '0700'],
  ])('sets %s=%s', (key, value) => {
    expect(values(key)).toContain(value);
  });

  it('starts the CLI with a config file and serve', () => {
    expect(values('ExecStart')[0]).toMatch(/reader-bridge\/dist\/interface\/cli\.js --config \S+ serve$/);
  });
});
