import 'reflect-metadata';
import { loadConfig, migrationCommand, runMigrations } from '@yixiang/common';
import { NotificationConfig } from './config';
import { notificationOrmOptions } from './orm.config';

/** Deploy step: `node dist/apps/notification/src/migrate.js` applies the notification service's migrations. */
export const migrateNotification = (databaseUrl: string): Promise<string[]> => runMigrations(notificationOrmOptions(databaseUrl));

if (require.main === module) migrationCommand('notification', () => loadConfig(NotificationConfig).DATABASE_URL, migrateNotification);
