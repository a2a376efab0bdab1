/**
 * Child process for the change-key crash test: opens the store file at argv[2]
 * with the key argv[3], says `rekeying`, re-encrypts it with argv[4] and says
 * `done <ms>`; the parent kills it with SIGKILL at chosen moments. It calls the
 * module `SmartStore.changeKey` delegates to (where the crash safety lives)
 * rather than the whole store, so that a child starts in a fraction of a second.
 */
import { openDatabase, rekeyDatabase } from '../../runtime/store/open-encrypted.js';

const [path, oldKey, newKey] = process.argv.slice(2) as [string, string, string];
const opened = openDatabase({ path, key: oldKey });
process.stdout.write('rekeying\n');
const started = performance.now();
rekeyDatabase(opened, newKey);
process.stdout.write(`done ${performance.now() - started}\n`);
opened.db.close();
