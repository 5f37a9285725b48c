import { Params } from 'nestjs-pino';
import { currentCorrelationId } from './correlation';

/**
 * One JSON line per event with service, version and correlation id (nestjs-pino);
 * pretty printing only when LOG_PRETTY=true (development).
 */
export function loggerParams(service: string, version: string, level: string, pretty: boolean): Params {
  return {
    pinoHttp: {
      level,
      base: { service, version },
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
      // Request logs carry the correlation id through the mixin; authorization never gets logged.
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      autoLogging: level === 'debug' || level === 'trace',
      transport: pretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
    },
  };
}
