// js-yaml ships no types and @types/js-yaml is not installed; the two calls the manifest spec uses.
declare module 'js-yaml' {
  export function load(text: string): unknown;
  export function loadAll(text: string): unknown[];
}
