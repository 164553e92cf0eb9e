import { run } from './cli';

void run(process.argv.slice(2));
