import { isMadoguchiError } from '@madoguchi/protocol/errors';
import ServiceError from '../../src/services/ServiceError';
import { httpServiceClient } from '../../src/services/service-client';
import { httpServiceDirectory } from '../../src/services/service-directory';

const settings = {
  services: {
    disaster: { serviceId: 'bosai', url: 'http://s/disaster' },
    city: { serviceId: 'gyosei', url: 'http://s/city' },
    hospital: { serviceId: 'byoin', url: 'http://s/hospital' },
    transport: { serviceId: 'kotsu', url: 'http://s/transport' },
  },
};

/** What requestJson reads of a fetch Response (jsdom has no Response). */
const response = (status: number, body: unknown) =>
  ({ ok: status < 300, status, json: async () => body }) as Response;

function answering(status: number, body: unknown) {
  const fetcher = jest.fn(async (_url: string, _init: RequestInit) => response(status, body));
  return { fetcher, client: httpServiceClient(settings, fetcher) };
}

it('sends the link ID token to the hospital with the access token as bearer', async () => {
  const { fetcher, client } = answering(200, { patientNumber: 'P-1', relinked: false });
  await expect(client.linkPatient('access', 'link-id')).resolves.toEqual({
    patientNumber: 'P-1',
    relinked: false,
  });
  const [url, init] = fetcher.mock.calls[0]!;
  expect(url).toBe('http://s/hospital/tv/patient-links');
  expect(init).toMatchObject({ method: 'POST', body: '{"idToken":"link-id"}' });
  expect(init.headers).toEqual({ authorization: 'Bearer access', 'content-type': 'application/json' });
});

it('reports a safety report with the place id', async () => {
  const { fetcher, client } = answering(201, {});
  await client.reportSafety('t', { status: 'help', place: 'school-1' });
  expect(fetcher.mock.calls[0]![1].body).toBe('{"status":"help","place":"school-1"}');
});

it("keeps a refusal's code, so its own sentence can be said", async () => {
  const { client } = answering(403, { code: 'NOT_ELIGIBLE', message: 'under 70' });
  const error = await client.issueBusPass('t', 'i').catch((e: unknown) => e);
  expect(isMadoguchiError(error, 'NOT_ELIGIBLE')).toBe(true);
});

it('tells an answer that is no refusal (or no answer at all) from a coded refusal', async () => {
  await expect(answering(502, 'bad gateway').client.busPass('t')).rejects.toBeInstanceOf(ServiceError);
  const down = httpServiceClient(settings, () => Promise.reject(new TypeError('Failed to fetch')));
  await expect(down.checkIn('t')).rejects.toBeInstanceOf(ServiceError);
});

it("reads a service's registration from the auth-server, with no token", async () => {
  const fetcher = jest.fn(async () => response(200, { id: 'kotsu' }));
  await httpServiceDirectory('http://auth', fetcher).info('kotsu');
  expect(fetcher).toHaveBeenCalledWith('http://auth/v1/services/kotsu', { method: 'GET', headers: {} });
});
