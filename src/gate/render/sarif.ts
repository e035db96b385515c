/**
 * SARIF 2.1.0, for code scanning (GitHub, GitLab, Azure DevOps): one run, one rule per kind of finding,
 * one result per finding with the level the exit code implies, the policy file as its physical location
 * and the constructs that need the action as logical locations. With an acknowledgement file every result
 * states its suppressions: an acknowledged finding carries one, with the reason as its justification.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stableJson } from '../private/stable-json';
import { type Finding, type Findings, GATE_RULES, type GateRuleKey } from './findings';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://www.npmjs.com/package/cdktf-ecs-lifecycle';

/** The findings as a SARIF 2.1.0 log. */
export function sarifReport(findings: Findings, cwd: string = process.cwd()): string {
  const keys = Object.keys(GATE_RULES) as GateRuleKey[];
  const rules = keys.map((key) => {
    const rule = GATE_RULES[key];
    return {
      id: rule.id,
      name: rule.name,
      shortDescription: { text: rule.short },
      fullDescription: { text: rule.full },
      help: { text: `${rule.full} See docs/gate.md of cdktf-ecs-lifecycle.`, markdown: `${rule.full} See \`docs/gate.md\` of cdktf-ecs-lifecycle.` },
      helpUri: INFORMATION_URI,
      defaultConfiguration: { level: key.endsWith('Acknowledgement') ? 'warning' : 'error' },
      properties: { tags: ['security', 'iam'] },
    };
  });
  const results = findings.findings.map((finding) => resultOf(finding, keys.indexOf(finding.rule), findings.acknowledging, cwd));
  return stableJson({
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ecs-lifecycle', semanticVersion: packageVersion(), informationUri: INFORMATION_URI, rules } },
        automationDetails: { id: `ecs-lifecycle/policy-${findings.command}/` },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(`${cwd}${sep}`).href } },
        results,
      },
    ],
  });
}

function resultOf(finding: Finding, ruleIndex: number, acknowledging: boolean, cwd: string) {
  const rule = GATE_RULES[finding.rule];
  const message = [finding.title, ...finding.details.map((d) => (/[.:]$/.test(d) ? d : `${d}.`))].join('\n');
  return {
    ruleId: rule.id,
    ruleIndex,
    level: finding.level,
    message: { text: message },
    locations: [
      {
        physicalLocation: { artifactLocation: artifactOf(finding.file ?? '.', cwd), region: { startLine: 1 } },
        ...(finding.constructPaths.length ? { logicalLocations: finding.constructPaths.map((path) => ({ fullyQualifiedName: path, kind: 'resource' })) } : {}),
      },
    ],
    partialFingerprints: { 'ecsLifecycle/v1': fingerprint([rule.id, finding.stack ?? '', finding.subject]) },
    ...(acknowledging
      ? {
          suppressions: finding.acknowledged
            ? [
                {
                  kind: 'external',
                  status: 'accepted',
                  justification: finding.acknowledged.reason,
                  properties: { expires: finding.acknowledged.expires, entry: finding.acknowledged.entry },
                },
              ]
            : [],
        }
      : {}),
  };
}

// A path under the working folder is relative to SRCROOT (the repository root in CI); another is an absolute file URI.
function artifactOf(path: string, cwd: string): { uri: string; uriBaseId?: string } {
  const inside = relative(cwd, isAbsolute(path) ? path : join(cwd, path));
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return { uri: pathToFileURL(isAbsolute(path) ? path : join(cwd, path)).href };
  return { uri: inside.split(sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}

function fingerprint(parts: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}
