/**
 * `soupkit/react-native-force`: the modules of `react-native-force` on
 * soupkit's SmartStore, Mobile Sync and an org (or the emulator), so an app's
 * data code runs in Node. Map `react-native-force` to this module in Jest
 * (`moduleNameMapper`) or vitest (`alias`) and call `configure` (or
 * `useSoupkitEmulator`) from `soupkit/compat`. See docs/compat.md.
 */
import * as forceLog from './force-log.js';
import * as forceUtil from './force-util.js';
import * as mobilesync from './mobilesync.js';
import * as net from './net.js';
import * as oauth from './oauth.js';
import * as smartstore from './smartstore.js';

const forceClient = net;

export { forceClient, forceLog, forceUtil, mobilesync, net, oauth, smartstore };
