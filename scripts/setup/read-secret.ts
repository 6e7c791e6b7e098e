import { readFileSync } from 'node:fs';

// A secret's value comes from a file or from the operator's keyboard, never from the command line
// (it would stay in the shell's history and in `ps`), and is never echoed.

/** The value without the line break a file or a pipe ends with; other whitespace is the value's own. */
export function trimLineEnd(text: string): string {
  return text.replace(/\r?\n$/, '');
}

/** All of a pipe (`… | npm run setup -- secret x`), as a test or another tool hands the value over. */
async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** One line typed with echo off: raw mode, so the terminal shows nothing; Ctrl-C aborts. */
function promptHidden(prompt: string, stdin: NodeJS.ReadStream): Promise<string> {
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new Error('已取消'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/**
 * The secret's value: the file's contents with `--file`, else a hidden prompt on a terminal, else
 * all of standard input.
 */
export async function readSecretValue(o: { file?: string; name: string }): Promise<string> {
  if (o.file !== undefined) return trimLineEnd(readFileSync(o.file, 'utf8'));
  if (process.stdin.isTTY) return promptHidden(`${o.name} 的值（输入不显示，回车结束）：`, process.stdin);
  return trimLineEnd(await readAll(process.stdin));
}
