export * from './evaluate';
export * from './policy-document';
export * from './policy-limits';
export * from './pattern-overlap';
