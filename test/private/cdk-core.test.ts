import * as cdktf from 'cdktf';
import { Construct } from 'constructs';
import { CORE_NAME, NullProvider } from '../../src/private/cdk-core';
import { ServerStop } from '../../src';
import { newApp, newStack, SERVER_1 } from '../helpers/synth';

// This suite runs twice in CI: on cdktf, and on cdktn (jest.cdktn.config.js maps `cdktf` and `constructs` to cdktn's).
const expectedCore = process.env.CDKTN_MODULES ? 'cdktn' : 'cdktf';

describe('the CDK core', () => {
  test('GIVEN the app core WHEN the library loads THEN it runs on that core', () => {
    expect(CORE_NAME).toBe(expectedCore);
    expect(require(`${expectedCore}/package.json`).name).toBe(expectedCore);
  });

  test("GIVEN a stack of the app WHEN a construct joins it THEN it is the app core's resource in the app's construct tree", () => {
    const app = newApp();
    const stack = newStack(app);
    const stop = new ServerStop(stack, 'stop', { serverId: SERVER_1 });
    expect(stop).toBeInstanceOf(cdktf.TerraformResource);
    expect(stop).toBeInstanceOf(Construct);
    expect(cdktf.TerraformStack.of(stop)).toBe(stack);
    expect(app.node.findAll()).toContain(stop);
  });

  test("GIVEN a null_resource stack WHEN the environment adds the null provider THEN it is the app core's provider", () => {
    const stack = newStack();
    const providers = stack.node.findAll().filter((c) => cdktf.TerraformProvider.isTerraformProvider(c));
    expect(providers).toHaveLength(1);
    expect(providers[0]).toBeInstanceOf(NullProvider);
    expect(providers[0]).toBeInstanceOf(cdktf.TerraformProvider);
    if (expectedCore === 'cdktf') {
      // cdktf apps keep the provider package the library is built on.
      expect(NullProvider).toBe(require('@cdktf/provider-null/lib/provider').NullProvider);
    }
  });
});
