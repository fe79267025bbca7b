export * from './types';
export { common } from './messages/common';
