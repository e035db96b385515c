export * from './api-rows';
export * from './catalog';
export * from './fleet-api-rows';
export * from './operation';
export * from './requirements';
export * from './selection-api-rows';
