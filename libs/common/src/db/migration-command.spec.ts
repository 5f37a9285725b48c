import { migrationCommand } from './migration-command';

describe('a service\'s migrate command', () => {
  afterEach(() => jest.restoreAllMocks());
  const settle = () => new Promise((r) => setImmediate(r));

  it('prints what it applied, or that the schema is up to date', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    migrationCommand('booking', () => 'postgres://x', async (url) => (url === 'postgres://x' ? ['M1', 'M2'] : []));
    migrationCommand('billing', () => 'postgres://x', async () => []);
    await settle();
    expect(log.mock.calls).toEqual([['booking: applied M1, M2'], ['billing: schema up to date']]);
  });

  it('exits 1 with the reason when the configuration or the migration fails', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    migrationCommand('subsidy', () => { throw new Error('DATABASE_URL must be a postgres:// URL'); }, async () => []);
    migrationCommand('catalogue', () => 'postgres://x', async () => { throw new Error('connection refused'); });
    await settle();
    expect(error.mock.calls).toEqual([['subsidy: migration failed: DATABASE_URL must be a postgres:// URL'], ['catalogue: migration failed: connection refused']]);
    expect(exit).toHaveBeenCalledWith(1);
  });
});
