export * from './audit-entry';
export * from './emulator-options';
export * from './emulator-timings';
export * from './fault-rule';
export * from './route-table';
export * from './snapshots';
export * from './start-emulator';
export type { PolicyDocument, PolicyStatement } from '../iam';
