/** Calls the handler of a route. */
import { EmulatorUser } from '../emulator-options';
import { NativeAction } from '../route-table';
import { HandlerContext, HandlerResult } from './handler-context';
import { changeOs, reinstallOs, resizeCloudServer } from './handlers/cloudservers-jobs';
import { showJob } from './handlers/jobs';
import { serverAction } from './handlers/server-actions';
import { createServerGroup, deleteServerGroup, listServerGroups, showServerGroup } from './handlers/server-groups';
import { showCloudServer, showNativeServer } from './handlers/server-views';
import { issueToken } from './handlers/tokens';
import { TokenStore } from './token-store';

export function dispatch(ctx: HandlerContext, users: readonly EmulatorUser[], tokens: TokenStore): HandlerResult {
  const route = ctx.route;
  if (route.startsWith('server-action:')) return serverAction(ctx, route.slice('server-action:'.length) as NativeAction);
  switch (route) {
    case 'server-groups-create': return createServerGroup(ctx);
    case 'server-groups-list': return listServerGroups(ctx);
    case 'server-groups-show': return showServerGroup(ctx);
    case 'server-groups-delete': return deleteServerGroup(ctx);
    case 'server-show': return showNativeServer(ctx);
    case 'cloudservers-show': return showCloudServer(ctx);
    case 'cloudservers-changeos:v1': return changeOs(ctx, 'v1');
    case 'cloudservers-changeos:v2': return changeOs(ctx, 'v2');
    case 'cloudservers-reinstallos:v1': return reinstallOs(ctx, 'v1');
    case 'cloudservers-reinstallos:v2': return reinstallOs(ctx, 'v2');
    case 'cloudservers-resize': return resizeCloudServer(ctx);
    case 'job-show': return showJob(ctx);
    case 'iam-tokens': return issueToken(ctx, users, tokens);
    default: throw new Error(`no handler for route ${route}`);
  }
}
