import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';

/** OpenAPI from the route schemas (registered before the routes so that it sees them all), at /openapi.json. */
export const openapiPlugin = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        info: { title: 'Madoguchi auth-server', version: '0.1.0' },
        components: {
          securitySchemes: {
            device: { type: 'apiKey', in: 'header', name: 'madoguchi-signature' },
            operator: { type: 'http', scheme: 'bearer' },
          },
        },
      },
    });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'madoguchi-openapi', fastify: '5.x' },
);
