/**
 * Child process of the look-ahead kill test: opens the store file argv[2]
 * (key argv[3]) and runs the soql sync down `ahead` against the emulator at
 * argv[4] (token argv[5]) for the Accounts named `<argv[6]> …`, in pages of
 * 200. It prints `progress <n>` each time a page is saved (and `done` at
 * the end), so the parent knows which page is in the store when it kills.
 */
import { Connection } from 'jsforce';
import { SmartStore } from '../../../runtime/store/smart-store.js';
import { SyncManager } from '../../../runtime/sync/index.js';

const [path, key, instanceUrl, accessToken, tag] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const store = SmartStore.open({ path, key });
const manager = SyncManager.open({
  store,
  connection: new Connection({ instanceUrl, accessToken, version: '62.0' }),
});
await manager.syncDown({
  target: {
    type: 'soql',
    query: `SELECT Name, Description FROM Account WHERE Name LIKE '${tag} %'`,
    maxBatchSize: 200,
  },
  soupName: 'accounts',
  syncName: 'ahead',
  onUpdate: (state) => {
    if (state.status === 'RUNNING') process.stdout.write(`progress ${state.progress}\n`);
  },
});
store.close();
process.stdout.write('done\n');
