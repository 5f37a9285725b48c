import { Params } from 'nestjs-pino';
import { currentCorrelationId } from './correlation';

/**
 * One JSON line per event with service, version and correlation id (nestjs-pino);
 * pretty printing only when LOG_PRETTY=true (development).
 */
export function loggerParams(service: string, version: string, level: string, pretty: boolean): Params {
  const logRequests = level === 'debug' || level === 'trace';
  return {
    // pino-http's middleware builds a child logger of every request (serialising its headers) even
    // when no request is logged, which stood out in the gateway's CPU profile under load. Lines logged
    // while handling a request carry its correlation id through the mixin without it, so the
    // middleware runs only when requests are logged.
    forRoutes: logRequests ? undefined : [],
    pinoHttp: {
      level,
      base: { service, version },
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
      // Request logs carry the correlation id through the mixin; authorization never gets logged.
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      autoLogging: logRequests,
      transport: pretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
    },
  };
}
