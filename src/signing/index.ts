export * from './canonical-headers';
export * from './canonical-query';
export * from './canonical-uri';
export * from './constants';
export * from './payload-hash';
export * from './sign-request';
export * from './string-to-sign';
