// A stand-in for a Trellis server using the embedded database: opens TRELLIS_DATA_DIR (first
// argument), commits one row, says "ready" and waits to be killed.
import { openDatabase } from '../src/open-database.js';

const dataDir = process.argv[2]!;
const db = await openDatabase({ dataDir });
await db.query(`insert into leads (id) values ($1) on conflict do nothing`, [`lead-of-${process.pid}`]);
process.stdout.write('ready\n');
setInterval(() => {}, 60_000);
