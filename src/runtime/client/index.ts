export * from './api-client';
export * from './credentials';
export * from './retry';
