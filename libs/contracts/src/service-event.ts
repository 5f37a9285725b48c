import { IsUUID } from 'class-validator';
import { IsInstant } from './validation';

/**
 * What every event a service writes to its outbox for notifications and webhooks carries (issue 19):
 * its own id, unique per event (consumers dedupe on it; the outbox row keeps it once), and when it
 * happened, a UTC instant.
 */
export class ServiceEvent {
  @IsUUID() eventId!: string;
  @IsInstant() occurredAt!: string;
}
