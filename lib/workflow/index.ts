export * from './names';
export * from './route';
export * from './definition';
export * from './handlers';
