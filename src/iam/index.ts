export * from './evaluate';
export * from './policy-document';
