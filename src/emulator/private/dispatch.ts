/** Calls the handler of a route. */
import type { EmulatorUser } from '../emulator-options';
import type { BatchAction, MemberAction, NativeAction } from '../route-table';
import type { HandlerContext, HandlerResult } from './handler-context';
import { batchAction } from './handlers/batch-actions';
import { changeGroupMember, createCloudServerGroup, deleteCloudServerGroup, listCloudServerGroups, showCloudServerGroup } from './handlers/cloudservers-groups';
import { changeOs, reinstallOs, resizeCloudServer } from './handlers/cloudservers-jobs';
import { showJob } from './handlers/jobs';
import { serverAction } from './handlers/server-actions';
import { createServerGroup, deleteServerGroup, listServerGroups, showServerGroup } from './handlers/server-groups';
import { listCloudServers, queryServersByTag, showCloudServer, showNativeServer } from './handlers/server-views';
import { issueToken } from './handlers/tokens';
import type { TokenStore } from './token-store';

export function dispatch(ctx: HandlerContext, users: readonly EmulatorUser[], tokens: TokenStore): HandlerResult {
  const route = ctx.route;
  if (route.startsWith('server-action:')) return serverAction(ctx, route.slice('server-action:'.length) as NativeAction);
  if (route.startsWith('cloudservers-batch:')) return batchAction(ctx, route.slice('cloudservers-batch:'.length) as BatchAction);
  if (route.startsWith('cloudservers-groups-action:')) return changeGroupMember(ctx, route.slice('cloudservers-groups-action:'.length) as MemberAction);
  switch (route) {
    case 'server-groups-create':
      return createServerGroup(ctx);
    case 'server-groups-list':
      return listServerGroups(ctx);
    case 'server-groups-show':
      return showServerGroup(ctx);
    case 'server-groups-delete':
      return deleteServerGroup(ctx);
    case 'server-show':
      return showNativeServer(ctx);
    case 'cloudservers-show':
      return showCloudServer(ctx);
    case 'cloudservers-changeos:v1':
      return changeOs(ctx, 'v1');
    case 'cloudservers-changeos:v2':
      return changeOs(ctx, 'v2');
    case 'cloudservers-reinstallos:v1':
      return reinstallOs(ctx, 'v1');
    case 'cloudservers-reinstallos:v2':
      return reinstallOs(ctx, 'v2');
    case 'cloudservers-resize':
      return resizeCloudServer(ctx);
    case 'cloudservers-groups-create':
      return createCloudServerGroup(ctx);
    case 'cloudservers-groups-list':
      return listCloudServerGroups(ctx);
    case 'cloudservers-groups-show':
      return showCloudServerGroup(ctx);
    case 'cloudservers-groups-delete':
      return deleteCloudServerGroup(ctx);
    case 'servers-tag-query':
    case 'cloudservers-tag-query':
      return queryServersByTag(ctx);
    case 'cloudservers-list':
      return listCloudServers(ctx);
    case 'job-show':
      return showJob(ctx);
    case 'iam-tokens':
      return issueToken(ctx, users, tokens);
    default:
      throw new Error(`no handler for route ${route}`);
  }
}
