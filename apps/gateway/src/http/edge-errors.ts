import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorBody } from '@yixiang/contracts';
import { languageOf, said } from '@yixiang/domain';

/**
 * What the HTTP layer refuses before any route runs — a path whose percent-escapes are not UTF-8
 * (a lone surrogate's bytes), a path parameter over fastify's length limit, a request line or
 * headers over Node's 16 KiB — answered in the API's error shape instead of fastify's and Node's
 * own (`{"error":"Bad Request","statusCode":400}`), which clients reading `error.code` could not parse.
 */
export function edgeErrorOptions(): Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> {
  return {
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
      const text = error.code === 'FST_ERR_BAD_URL' ? said('网址无效：百分号转义不是 UTF-8 文本', 'the URL is not valid: a percent-escape is not UTF-8 text')
        : error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? said('路径参数过长', 'a path parameter is too long') : said('请求无效', 'bad request');
      const message = text[languageOf(request.headers['accept-language'])];
      void reply.status(status).send({ error: { code: 'BAD_REQUEST', message } satisfies ErrorBody });
    },
    clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) => {
      // A reset connection is already gone; there is no one to answer.
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      // No headers were read, so no Accept-Language: Chinese, the default, with the English after it.
      const message = status === 431 ? '请求行或请求头超过 16 KiB（the request line or headers exceed 16 KiB）'
        : status === 408 ? '请求到达超时（the request took too long to arrive）' : '请求不是有效的 HTTP（the request is not valid HTTP）';
      const body = JSON.stringify({ error: { code: 'BAD_REQUEST', message } satisfies ErrorBody });
      if (socket.writable) {
        socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`);
      }
      socket.destroy(error);
    },
  };
}
