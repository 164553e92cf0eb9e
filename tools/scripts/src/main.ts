import { runOps } from './ops-cli';

void runOps(process.argv.slice(2), process).then((code) => {
  process.exitCode = code;
});
