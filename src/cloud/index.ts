export * from './exec-arguments';
export * from './regions';
export * from './fleet-steps';
export * from './wave-plan';
