/** The gate reads `ecs-iam-policy.review.json` in every layout synth has ever written, and refuses one it cannot know. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GateInputError, loadPolicyInput } from '../../src/gate';
import { tempDir, writeJson, writeStack } from './fixtures/synth-output';

const reviewOf = (stackDir: string) => JSON.parse(readFileSync(join(stackDir, 'ecs-iam-policy.review.json'), 'utf8'));
const loadedReview = (stackDir: string) => {
  const input = loadPolicyInput(stackDir, { generated: false });
  if (input.kind !== 'policy') throw new Error('expected one policy');
  return input.policy.review?.data;
};

describe('review data: every format version', () => {
  const dir = tempDir();
  const stack = (name: string) =>
    writeStack(join(dir, name), 'prod', [
      { id: 'stop-web1', operation: 'server-stop' },
      { id: 'resize-web1', operation: 'server-resize' },
    ]);

  test('GIVEN what synth writes now THEN it carries formatVersion 1, and the gate joins its needs per construct', () => {
    const stackDir = stack('v1');
    expect(reviewOf(stackDir)).toMatchObject({ formatVersion: 1, scope: expect.stringMatching(/every server of the project/) });
    const stop = loadedReview(stackDir)?.actions.find((a) => a.action === 'ecs:servers:stop');
    expect(stop?.neededBy.map((n) => n.constructPath)).toEqual(['prod/stop-web1']);
  });

  test('GIVEN the unversioned layout written before formatVersion THEN the gate reads it to the same needs', () => {
    // GIVEN the same stack's review data as the previous release wrote it: no formatVersion, scope, risk, chains or alternatives
    const stackDir = stack('unversioned');
    const { formatVersion: _v, scope: _s, chains: _c, alternatives: _a, ...rest } = reviewOf(stackDir);
    const unversioned = { ...rest, actions: rest.actions.map(({ risk: _r, ...action }: Record<string, unknown>) => action) };
    const versioned = loadedReview(stackDir);
    writeJson(join(stackDir, 'ecs-iam-policy.review.json'), unversioned);
    // WHEN read THEN the needs are those of the versioned file
    expect(loadedReview(stackDir)).toEqual(versioned);
  });

  test.each([
    [2, /formatVersion 2 was written by a newer cdktf-ecs-lifecycle than this gate, which reads up to 1/],
    ['1', /formatVersion must be a whole number from 1, found "1"/],
    [0, /formatVersion must be a whole number from 1, found 0/],
  ])('GIVEN formatVersion %p THEN the gate refuses the file, saying why', (version, problem) => {
    const stackDir = stack(`bad-${String(version)}`);
    writeJson(join(stackDir, 'ecs-iam-policy.review.json'), { ...reviewOf(stackDir), formatVersion: version });
    expect(() => loadPolicyInput(stackDir, { generated: false })).toThrow(GateInputError);
    expect(() => loadPolicyInput(stackDir, { generated: false })).toThrow(problem);
  });

  test('the preview policy beside the policy is not part of the policy the gate compares', () => {
    // GIVEN a stack folder with the preview policy synth writes beside the policy
    const stackDir = stack('preview-policy');
    writeJson(join(stackDir, 'ecs-iam-preview-policy.json'), { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['ecs:cloudServers:showServer'] }] });
    // WHEN loaded THEN only the policy is read
    const input = loadPolicyInput(stackDir, { generated: true });
    expect(input.kind === 'policy' && input.policy.files.map((f) => f.path)).toEqual([join(stackDir, 'ecs-iam-policy.json')]);
  });
});
