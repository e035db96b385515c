export * from './api-rows';
export * from './catalog';
export * from './operation';
export * from './requirements';
