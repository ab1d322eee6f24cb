// Types for the tests that import build/pack-check.mjs.
export declare const REQUIRED_IN_ASAR: string[];
export declare const REQUIRED_UNPACKED: string[];
export declare const FORBIDDEN: [RegExp, string][];
export declare function auditPackage(asarFiles: string[], unpackedFiles: string[]): string[];
export declare function loadCheck(stage: string): string | null;
