export * from './constructs';
export * from './errors';
export * from './permissions';
export * from './policy';
