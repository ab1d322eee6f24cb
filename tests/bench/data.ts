/** `npm run bench:data -- --size full|ci [--out FILE] [--seed N] [--today YYYY-MM-DD]` */
import { parseArgs } from './args';
import { defaultOut, generate } from './generate';

const args = parseArgs(process.argv.slice(2));
const summary = generate({
  size: args.size,
  out: args.out ?? defaultOut(args.size),
  ...(args.seed !== undefined ? { seed: args.seed } : {}),
  ...(args.today !== undefined ? { today: args.today } : {}),
  log: (l) => console.log(l),
});
console.table(summary.rows);
