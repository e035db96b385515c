import type { EcsEnvironmentProps } from 'cdktf-ecs-lifecycle';

/** What a caller (the demo, the end-to-end tests) may change in an example's EcsEnvironment. */
export type ExampleOptions = Partial<
  Pick<EcsEnvironmentProps, 'endpoint' | 'resourceType' | 'cliCommand' | 'pollIntervalSeconds' | 'timeoutSeconds' | 'authorization'>
>;

/** The project the examples manage. */
export const EXAMPLE_PROJECT_ID = '0123456789abcdef0123456789abcdef';
