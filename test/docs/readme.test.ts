/** The README is the user's path: short, and its first screen says what the library is, how to try it and how to install it. */
import * as fs from 'node:fs';
import * as path from 'node:path';

const README = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
const lines = README.trimEnd().split('\n');

describe('README', () => {
  test('is at most 300 lines (references live in docs/)', () => {
    expect(lines.length).toBeLessThanOrEqual(300);
  });

  test('its first screen (60 lines) says what it is, how to try it here, and how to install it today', () => {
    const firstScreen = lines.slice(0, 60).join('\n');
    expect(firstScreen).toMatch(/^# cdktf-ecs-lifecycle\n\nCDK for Terraform constructs/);
    for (const command of ['npm install', 'npm start', 'npm run demo', 'npm test', 'npm run test:unit', 'npm pack']) expect(firstScreen).toContain(command);
    expect(firstScreen).toContain('## Install it in an app');
    expect(firstScreen).toContain('not on the npm registry yet');
  });

  test('each README block a test runs is there once', () => {
    for (const marker of ['install:tarball', 'quick-start:cdktf:install', 'quick-start:file:main.ts', 'try-locally', 'policy:prod']) {
      expect(README.split(`<!-- ${marker} -->\n`)).toHaveLength(2);
    }
  });
});
