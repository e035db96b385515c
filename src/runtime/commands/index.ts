/**
 * The runtime command of every operation id. The mapped type makes a missing command a compile error, and gives
 * each command the target its operation's definition declares.
 */
import type { OperationId, TargetOf } from '../../operations';
import type { Command } from '../command';
import serverChangeOsV1 from './server-change-os-v1';
import serverChangeOsV2 from './server-change-os-v2';
import serverGroupCreate from './server-group-create';
import serverGroupDelete from './server-group-delete';
import serverLock from './server-lock';
import serverReboot from './server-reboot';
import serverReinstallOsV1 from './server-reinstall-os-v1';
import serverReinstallOsV2 from './server-reinstall-os-v2';
import serverResize from './server-resize';
import serverResizeCloudservers from './server-resize-cloudservers';
import serverStart from './server-start';
import serverStop from './server-stop';
import serverUnlock from './server-unlock';
import serverStartCloudservers from './server-start-cloudservers';
import serverStopCloudservers from './server-stop-cloudservers';
import serverRebootCloudservers from './server-reboot-cloudservers';
import serverGroupCreateCloudservers from './server-group-create-cloudservers';
import serverGroupDeleteCloudservers from './server-group-delete-cloudservers';
import serverGroupMembers from './server-group-members';
import fleetWave from './fleet-wave';
import fleetSelect from './fleet-select';

export const COMMANDS: { readonly [K in OperationId]: Command<TargetOf<K>> } = {
  'server-group-create': serverGroupCreate,
  'server-group-delete': serverGroupDelete,
  'server-start': serverStart,
  'server-stop': serverStop,
  'server-reboot': serverReboot,
  'server-lock': serverLock,
  'server-unlock': serverUnlock,
  'server-resize': serverResize,
  'server-resize-cloudservers': serverResizeCloudservers,
  'server-change-os-v1': serverChangeOsV1,
  'server-change-os-v2': serverChangeOsV2,
  'server-reinstall-os-v1': serverReinstallOsV1,
  'server-reinstall-os-v2': serverReinstallOsV2,
  'server-start-cloudservers': serverStartCloudservers,
  'server-stop-cloudservers': serverStopCloudservers,
  'server-reboot-cloudservers': serverRebootCloudservers,
  'server-group-create-cloudservers': serverGroupCreateCloudservers,
  'server-group-delete-cloudservers': serverGroupDeleteCloudservers,
  'server-group-members': serverGroupMembers,
  'fleet-wave': fleetWave,
  'fleet-select': fleetSelect,
};
