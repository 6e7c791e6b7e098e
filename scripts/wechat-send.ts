import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freshMessage, localWechatSecrets, sendWechat, type WechatMode } from './wechat-client.js';

// `npx tsx scripts/wechat-send.ts [options] <sample.xml>`: posts a WeChat message to a running stack
// the way WeChat's servers do (signed; encrypted in safe mode) and prints the reply, decrypted.

const USAGE = `用法: npx tsx scripts/wechat-send.ts [--mode plain|safe] [--url http://localhost:3000]
       [--data-dir .local] [--content "查询 261122-K7M3-9XQ2"] [--from <openid>] [--msg-id <id>] [--verbose]
       <events/wechat/text.xml>`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    mode: { type: 'string', default: 'safe' },
    url: { type: 'string', default: `http://localhost:${process.env.PORT ?? 3000}` },
    'data-dir': { type: 'string', default: '.local' },
    content: { type: 'string' },
    from: { type: 'string' },
    'msg-id': { type: 'string' },
    verbose: { type: 'boolean', short: 'v', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
const sample = positionals[0];
if (values.help || !sample || (values.mode !== 'plain' && values.mode !== 'safe')) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}

const secrets = localWechatSecrets(resolve(values['data-dir']));
// The same MsgId sent again is what WeChat's retries look like: the same tracking number comes back.
const xml = freshMessage(readFileSync(sample, 'utf8'), {
  ...(values['msg-id'] ? { msgId: values['msg-id'] } : {}),
  ...(values.from ? { from: values.from } : {}),
  ...(values.content !== undefined ? { content: values.content } : {}),
});
const url = values.url.replace(/\/+$/, '');
const started = performance.now();
const reply = await sendWechat(url, xml, secrets, values.mode as WechatMode);
const ms = Math.round(performance.now() - started);

console.log(`POST ${url}/v1/channels/wechat (${values.mode}) → ${reply.status} in ${ms} ms`);
if (values.verbose) console.log(`\nsent:\n${xml}\n\nraw reply:\n${reply.body}\n`);
console.log(reply.content ?? reply.body);
process.exit(reply.status === 200 ? 0 : 1);
