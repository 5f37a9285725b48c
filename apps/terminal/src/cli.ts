import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TerminalAgent } from './agent';
import { SessionBuffer } from './buffer';
import { TerminalClient } from './client';

const USAGE = `npm run terminal -- --instrument <code> --terminal <id> --secret <credential> --url <gateway> [what]

  what (one of):
    --watch -- <command> [args…]   the command's run is one session (e.g. the instrument's acquisition software)
    --start <instant> --end <instant>   one session on demand
    (nothing)                      send the buffered backlog only

  --buffer <file>        where sessions wait until delivered (default .runtime/terminal/<terminal>.json)
  --deliver-within <s>   keep trying to deliver the backlog this long before exiting (default 60; exit 3 if some is left)
  --retry <s>            between attempts (default 5)
  --heartbeat <s>        while a watched command runs (default 60)
  The credential may be given as YIXIANG_TERMINAL_SECRET instead of --secret (then it is not in the process list).`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      instrument: { type: 'string' }, terminal: { type: 'string' }, secret: { type: 'string' }, url: { type: 'string' }, buffer: { type: 'string' },
      watch: { type: 'boolean', default: false }, start: { type: 'string' }, end: { type: 'string' },
      'deliver-within': { type: 'string', default: '60' }, retry: { type: 'string', default: '5' }, heartbeat: { type: 'string', default: '60' }, help: { type: 'boolean', default: false },
    },
  });
  const secret = values.secret ?? process.env.YIXIANG_TERMINAL_SECRET;
  if (values.help || !values.instrument || !values.terminal || !secret || !values.url) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const seconds = (name: string, value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number of seconds`);
    return n * 1000;
  };
  const instrument = values.instrument;
  const log = (message: string) => process.stderr.write(`${new Date().toISOString()} terminal ${instrument}: ${message}\n`);
  const buffer = SessionBuffer.open(resolve(values.buffer ?? `.runtime/terminal/${values.terminal}.json`), values.terminal);
  const agent = new TerminalAgent(new TerminalClient(values.url, values.terminal, secret), buffer, log, seconds('heartbeat', values.heartbeat));

  let code = 0;
  if (values.watch) {
    if (positionals.length === 0) throw new Error('--watch needs a command after --');
    code = await agent.watch(positionals[0], positionals.slice(1));
  } else if (values.start || values.end) {
    const start = new Date(values.start ?? '');
    const end = new Date(values.end ?? '');
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end < start) throw new Error('--start and --end must be instants, the end not before the start');
    agent.record(start, end);
  }
  const delivered = await agent.deliver(seconds('deliver-within', values['deliver-within']), seconds('retry', values.retry));
  if (!delivered) {
    log(`the platform could not take the backlog yet: it stays in ${values.buffer ?? `.runtime/terminal/${values.terminal}.json`} for the next run`);
    return code || 3;
  }
  return code;
}

main().then((code) => process.exit(code), (error: unknown) => {
  process.stderr.write(`terminal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
