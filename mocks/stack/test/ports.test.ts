import { DEFAULT_PORTS, parsePorts } from '../src/ports';
import { tvSettings } from '../src/tv-server';

it('keeps the fixed defaults and overrides only the named ports', () => {
  expect(parsePorts(undefined)).toEqual(DEFAULT_PORTS);
  expect(parsePorts('tv=9000,disaster=9002')).toEqual({ ...DEFAULT_PORTS, tv: 9000, disaster: 9002 });
});

it.each(['tv', 'tv=0', 'tv=70000', 'printer=9000', 'tv=80x'])('refuses --ports %s', (list) => {
  expect(() => parsePorts(list)).toThrow(/NAME=PORT/);
});

it("gives the TV app the bridge and every service under its own origin, by the auth-server's service ids", () => {
  const settings = tvSettings({ ...DEFAULT_PORTS, tv: 9000, bridge: 9001 });
  expect(settings.bridgeUrl).toBe('ws://127.0.0.1:9001');
  expect(settings.authServerUrl).toBe('http://127.0.0.1:9000/auth');
  expect(settings.services).toEqual({
    disaster: { serviceId: 'bosai', url: 'http://127.0.0.1:9000/svc/disaster' },
    city: { serviceId: 'gyosei', url: 'http://127.0.0.1:9000/svc/city' },
    hospital: { serviceId: 'byoin', url: 'http://127.0.0.1:9000/svc/hospital' },
    transport: { serviceId: 'kotsu', url: 'http://127.0.0.1:9000/svc/transport' },
  });
});
