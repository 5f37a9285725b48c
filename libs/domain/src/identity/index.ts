// Rules about accounts that are pure: what passwords may be set.
export * from './password-policy';
export { COMMON_PASSWORDS } from './common-passwords';
