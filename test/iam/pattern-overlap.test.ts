import { actionMatches, patternsOverlap } from '../../src/iam';

describe('patternsOverlap: two patterns overlap when some action matches both', () => {
  test.each([
    ['ecs:*:*', 'ecs:servers:stop', true],
    ['ecs:servers:*', 'ecs:*:get*', true],
    ['ecs:*:get*', 'ecs:*:list*', false],
    ['ecs:servers:*', 'ecs:cloudServers:*', false],
    ['ecs:*:*', 'vpc:*:*', false],
    ['*', 'vpc:ports:delete', true],
    ['ecs:SERVERS:stop', 'ecs:servers:STOP', true],
    ['ECS:servers:stop', 'ecs:servers:stop', false],
    ['ecs:*s:*', 'ecs:server*:*', true],
    ['ecs:a*b:*', 'ecs:*c:*', false],
    ['ecs:*', 'ecs:servers:stop', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(patternsOverlap(a, b)).toBe(expected);
    expect(patternsOverlap(b, a)).toBe(expected);
  });

  test('agrees with brute force over every short pattern pair', () => {
    // GIVEN every action segment of up to 3 symbols over {a, B, *} and every concrete segment of up to 6 over {a, b}
    const patterns = words(['a', 'B', '*'], 3);
    const witnesses = words(['a', 'b'], 6);
    const disagreements: string[] = [];
    for (const x of patterns) {
      for (const y of patterns) {
        // WHEN overlap is decided symbolically and by searching for a common action
        const expected = witnesses.some((w) => actionMatches(`ecs:t:${x}`, `ecs:t:${w}`) && actionMatches(`ecs:t:${y}`, `ecs:t:${w}`));
        // THEN both agree
        if (patternsOverlap(`ecs:t:${x}`, `ecs:t:${y}`) !== expected) disagreements.push(`${x} / ${y}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});

function words(alphabet: string[], maxLength: number): string[] {
  const result = [''];
  let frontier = [''];
  for (let n = 1; n <= maxLength; n++) {
    frontier = frontier.flatMap((w) => alphabet.map((c) => w + c));
    result.push(...frontier);
  }
  return result;
}
