import { API_ROWS, CATALOG, KNOWN_ACTIONS, OPERATION_IDS, requiredActionsOf, requirementsOf, SUPPORTING_READS } from '../../src/permissions';
import { enterpriseProjectSupportOf, unknownEnterpriseProjectActionsOf } from '../../src/permissions/requirements';

const SHOW_SERVER = 'ecs:cloudServers:showServer';
const NOVA_RESIZE_DEPENDENCIES = [
  'ecs:flavors:get',
  'ecs:servers:list',
  'evs:volumes:attach',
  'evs:volumes:create',
  'evs:volumes:detach',
  'evs:volumes:get',
  'evs:volumes:list',
  'evs:volumes:manage',
  'ims:images:get',
  'vpc:ports:create',
  'vpc:ports:delete',
  'vpc:ports:get',
  'vpc:ports:update',
];

describe('catalog: every operation requires exactly its row actions, dependencies and declared reads', () => {
  test.each([
    ['server-group-create', ['ecs:serverGroups:manage']],
    ['server-group-delete', ['ecs:serverGroups:manage']],
    ['server-start', [SHOW_SERVER, 'ecs:servers:list', 'ecs:servers:start']],
    ['server-stop', [SHOW_SERVER, 'ecs:servers:list', 'ecs:servers:stop']],
    ['server-reboot', [SHOW_SERVER, 'ecs:servers:list', 'ecs:servers:reboot']],
    ['server-lock', [SHOW_SERVER, 'ecs:servers:list', 'ecs:servers:lock']],
    ['server-unlock', [SHOW_SERVER, 'ecs:servers:list', 'ecs:servers:unlock']],
    ['server-resize', [SHOW_SERVER, ...NOVA_RESIZE_DEPENDENCIES, 'ecs:servers:resize'].sort()],
    ['server-resize-cloudservers', ['ecs:cloudServers:resize', SHOW_SERVER]],
    ['server-change-os-v1', ['ecs:cloudServers:changeOS', SHOW_SERVER]],
    ['server-change-os-v2', ['ecs:cloudServers:changeOS', SHOW_SERVER]],
    ['server-reinstall-os-v1', ['ecs:cloudServers:rebuild', SHOW_SERVER]],
    ['server-reinstall-os-v2', ['ecs:cloudServers:rebuild', SHOW_SERVER]],
    ['server-start-cloudservers', [SHOW_SERVER, 'ecs:cloudServers:start']],
    ['server-stop-cloudservers', [SHOW_SERVER, 'ecs:cloudServers:stop']],
    ['server-reboot-cloudservers', ['ecs:cloudServers:reboot', SHOW_SERVER]],
    ['server-group-create-cloudservers', ['ecs:cloudServers:create', 'ecs:cloudServers:list']],
    ['server-group-delete-cloudservers', ['ecs:cloudServers:delete', 'ecs:cloudServers:get', 'ecs:cloudServers:list']],
    ['server-group-members', ['ecs:cloudServers:create', 'ecs:cloudServers:delete', 'ecs:cloudServers:list', SHOW_SERVER]],
    [
      'fleet-wave',
      [
        'ecs:cloudServers:changeOS',
        'ecs:cloudServers:reboot',
        'ecs:cloudServers:rebuild',
        'ecs:cloudServers:resize',
        SHOW_SERVER,
        'ecs:cloudServers:start',
        'ecs:cloudServers:stop',
      ],
    ],
    [
      'fleet-select',
      [
        'ecs:cloudServers:changeOS',
        'ecs:cloudServers:get',
        'ecs:cloudServers:list',
        'ecs:cloudServers:reboot',
        'ecs:cloudServers:rebuild',
        'ecs:cloudServers:resize',
        SHOW_SERVER,
        'ecs:cloudServers:start',
        'ecs:cloudServers:stop',
        'ecs:servers:getTags',
      ],
    ],
  ] as const)('%s', (operation, expected) => {
    expect(requiredActionsOf(operation)).toEqual(expected);
  });
});

describe('catalog: a construct calling only some rows of an operation needs only their actions', () => {
  test.each([
    [
      ['batch-stop', 'resize-cloudservers', 'batch-start'],
      ['ecs:cloudServers:resize', SHOW_SERVER, 'ecs:cloudServers:start', 'ecs:cloudServers:stop'],
    ],
    [['batch-reboot'], ['ecs:cloudServers:reboot', SHOW_SERVER]],
    [['change-os-v2'], ['ecs:cloudServers:changeOS', SHOW_SERVER]],
  ] as const)('fleet-wave through %j', (rows, expected) => {
    expect(requiredActionsOf('fleet-wave', rows)).toEqual(expected);
  });
});

describe('catalog: shape', () => {
  test('every operation id has exactly one entry, keyed by its own id', () => {
    expect(Object.keys(CATALOG).sort()).toEqual([...OPERATION_IDS].sort());
    for (const id of OPERATION_IDS) expect(CATALOG[id].id).toBe(id);
  });

  test('every seed row is called by at least one operation', () => {
    const used = new Set(Object.values(CATALOG).flatMap((entry) => entry.rows));
    expect(API_ROWS.filter((row) => !used.has(row.id)).map((row) => row.id)).toEqual([]);
  });

  test('supporting reads are read-only GET calls with a reason, and their actions are get/list/show', () => {
    for (const read of Object.values(SUPPORTING_READS)) {
      expect(read.method).toBe('GET');
      expect(read.reason.length).toBeGreaterThan(20);
      if (read.action) expect(read.action.split(':')[2]).toMatch(/^(get|list|show)/);
    }
  });

  test('no action holds a wildcard', () => {
    expect(KNOWN_ACTIONS.filter((a) => a.includes('*'))).toEqual([]);
  });

  test('each requirement says why: a dependency names its action, a read its reason', () => {
    for (const op of OPERATION_IDS) {
      for (const r of requirementsOf(op)) {
        if (r.kind === 'dependency') expect(r.dependencyOf).toBeDefined();
        if (r.kind === 'read') expect(r.reason).toBeDefined();
      }
    }
  });

  test('enterprise-project support follows the tables; operations without it name an alternative or say there is none', () => {
    expect(OPERATION_IDS.filter((o) => enterpriseProjectSupportOf(o) === true)).toEqual([
      'server-resize-cloudservers',
      'server-change-os-v1',
      'server-change-os-v2',
      'server-reinstall-os-v1',
      'server-reinstall-os-v2',
      'server-start-cloudservers',
      'server-stop-cloudservers',
      'server-reboot-cloudservers',
      'fleet-wave',
    ]);
    for (const op of OPERATION_IDS.filter((o) => enterpriseProjectSupportOf(o) === false)) {
      expect(CATALOG[op].enterpriseProjectAlternative).toBeDefined();
    }
  });

  test('the cloudservers group operations call list or get, whose enterprise-project support is unknown: never a yes, never a no', () => {
    const unknown = OPERATION_IDS.filter((o) => enterpriseProjectSupportOf(o) === 'unknown');
    expect(unknown).toEqual(['server-group-create-cloudservers', 'server-group-delete-cloudservers', 'server-group-members']);
    expect(unknownEnterpriseProjectActionsOf('server-group-delete-cloudservers')).toEqual(['ecs:cloudServers:get', 'ecs:cloudServers:list']);
    for (const op of unknown) expect(enterpriseProjectSupportOf(op) === true).toBe(false);
  });

  test("under enterprise-project authorization, each native start, stop, reboot and group operation names api: 'cloudservers' as its alternative", () => {
    for (const op of ['server-start', 'server-stop', 'server-reboot', 'server-group-create', 'server-group-delete'] as const) {
      expect(CATALOG[op].enterpriseProjectAlternative).toMatch(/with api: 'cloudservers'/);
    }
  });
});
