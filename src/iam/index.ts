export * from './evaluate';
export * from './policy-document';
export * from './policy-limits';
export * from './pattern-overlap';
export * from './action-pattern';
export * from './condition';
export * from './glob';
export * from './json-text';
