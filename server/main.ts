/** `npm start`: run GiaoBan on its embedded defaults (PGlite under ./data, a Janus it spawns itself). */
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  throw err;
}

const app = await buildApp(config);
// Printed to the terminal, never to the log: the operator reads it once and must change it at first sign-in.
if (app.initialOperatorPassword) {
  process.stdout.write(
    `\nTài khoản quản trị đầu tiên / first operator account:\n  e-mail:   ${config.OPERATOR_EMAIL}\n  mật khẩu: ${app.initialOperatorPassword}\n  (đổi mật khẩu ở lần đăng nhập đầu / change it at first sign-in)\n\n`,
  );
}
process.stdout.write(`GiaoBan đang chạy / is running at ${app.url}\n`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
