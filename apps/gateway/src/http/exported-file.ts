import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type Redis from 'ioredis';
import { ExportedFile } from '@yixiang/contracts';
import { EXCEL_FLAG_VALUES, excelCsv, said } from '@yixiang/domain';
import { ApiError } from './api-error';

/** The `excel` query parameter of the CSV exports, documented once. */
export const ApiExcelQuery = () => applyDecorators(ApiQuery({
  name: 'excel', required: false, enum: EXCEL_FLAG_VALUES,
  description: 'CSV only: 1 gives the same CSV for Excel — a UTF-8 byte-order mark and CRLF line ends (without it the exchange format: UTF-8, LF, no mark)',
}));

/**
 * Sends a file a service left in Redis (exports are too big for a NATS reply) and forgets it. A CSV
 * asked for with `excel=1` gets its byte-order mark and CRLF here, in one place for every export;
 * without it the bytes are the service's, exactly.
 */
export async function sendExportedFile(redis: Redis, reply: FastifyReply, made: ExportedFile, excel: boolean | undefined = false): Promise<void> {
  const body = await redis.getBuffer(made.blobKey);
  if (!body) throw new ApiError('SERVICE_UNAVAILABLE', said('导出文件在发送前已过期，请重新导出', 'the export expired before it could be sent; ask again'));
  await redis.del(made.blobKey);
  const csv = made.contentType.startsWith('text/csv');
  const sent = excel && csv ? Buffer.from(excelCsv(body.toString('utf8')), 'utf8') : body;
  await reply.header('content-type', made.contentType).header('content-disposition', `attachment; filename="${made.fileName}"`).send(sent);
}
