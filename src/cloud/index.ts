export * from './exec-arguments';
export * from './regions';
