export * from './endpoint';
export * from './login';
export * from './seconds';
export * from './server-list';
export * from './validators';
export * from './printable';
