import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorBody } from '@yixiang/contracts';

/**
 * What the HTTP layer refuses before any route runs — a path whose percent-escapes are not UTF-8
 * (a lone surrogate's bytes), a path parameter over fastify's length limit, a request line or
 * headers over Node's 16 KiB — answered in the API's error shape instead of fastify's and Node's
 * own (`{"error":"Bad Request","statusCode":400}`), which clients reading `error.code` could not parse.
 */
export function edgeErrorOptions(): Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> {
  return {
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
      const message = error.code === 'FST_ERR_BAD_URL' ? 'the URL is not valid: a percent-escape is not UTF-8 text'
        : error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is too long' : 'bad request';
      void reply.status(status).send({ error: { code: 'BAD_REQUEST', message } satisfies ErrorBody });
    },
    clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) => {
      // A reset connection is already gone; there is no one to answer.
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      const message = status === 431 ? 'the request line or headers exceed 16 KiB' : status === 408 ? 'the request took too long to arrive' : 'the request is not valid HTTP';
      const body = JSON.stringify({ error: { code: 'BAD_REQUEST', message } satisfies ErrorBody });
      if (socket.writable) {
        socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`);
      }
      socket.destroy(error);
    },
  };
}
