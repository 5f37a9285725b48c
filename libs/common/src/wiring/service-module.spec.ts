import { ServiceConfig } from '../config/service.config';
import { serviceImports } from './service-module';

describe('the wiring every service module imports', () => {
  const config = Object.assign(new ServiceConfig(), { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x' });
  const orm = { dbName: 'x' };
  // MikroOrmModule.forRoot answers a promise of its module.
  const names = (imports: unknown[]) => imports.map((m) => (m instanceof Promise ? 'MikroOrmModule (async)' : (m as { module?: { name?: string } }).module?.name));

  it('is logging, the ORM and the NATS client; BullMQ only where asked for', () => {
    expect(names(serviceImports({ service: 'booking', config, orm }))).toEqual(['LoggerModule', 'MikroOrmModule (async)', 'ClientsModule']);
    expect(names(serviceImports({ service: 'billing', config, orm, bullmq: true }))).toEqual(['LoggerModule', 'MikroOrmModule (async)', 'BullModule', 'ClientsModule']);
  });

  it('registers the NATS client under NATS_CLIENT, named after the service', () => {
    const clients = serviceImports({ service: 'subsidy', config, orm }).at(-1) as { providers?: { provide: unknown }[] };
    expect(clients.providers?.map((p) => p.provide)).toContain('NATS_CLIENT');
  });
});
