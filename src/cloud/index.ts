export * from './exec-arguments';
export * from './regions';
export * from './fleet-steps';
export * from './server-selection';
export * from './wave-plan';
export * from './group-index';
