/**
 * Child process of the sync kill test: opens the store file argv[2] (key
 * argv[3]) and runs one sync against the emulator at argv[4] (token argv[5]):
 * `down` runs or resumes the sync down named `killed down`, `up` the sync up
 * named `killed up`. It says `started` once the manager is open and `done`
 * when the sync is; the parent kills it with SIGKILL in between.
 */
import { Connection } from 'jsforce';
import { SmartStore } from '../../runtime/store/smart-store.js';
import { SyncManager } from '../../runtime/sync/index.js';

const [path, key, instanceUrl, accessToken, mode, tag] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  'down' | 'up',
  string,
];
const store = SmartStore.open({ path, key });
const manager = SyncManager.open({
  store,
  connection: new Connection({ instanceUrl, accessToken, version: '62.0' }),
});
process.stdout.write('started\n');
const name = mode === 'down' ? 'killed down' : 'killed up';
const existing = manager.getSyncStatus(name);
const run =
  existing !== null
    ? manager.reSync(name)
    : mode === 'down'
      ? manager.syncDown({
          target: {
            type: 'soql',
            query: `SELECT Name, Description FROM Account WHERE Name LIKE '${tag} %'`,
            maxBatchSize: 200,
          },
          soupName: 'accounts',
          syncName: name,
        })
      : manager.syncUp({
          target: {
            createFieldlist: ['Name', 'Description'],
            updateFieldlist: ['Name'],
            maxBatchSize: 50,
          },
          soupName: 'accounts',
          syncName: name,
          options: { mergeMode: 'OVERWRITE' },
        });
await run;
store.close();
process.stdout.write('done\n');
