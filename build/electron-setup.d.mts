// Types for the tests that import build/electron-setup.mjs.
export declare const NATIVE_DIR: string;
export declare const NATIVE_FILE: string;
export declare const STAMP_FILE: string;
export declare function electronVersion(): string;
export declare function electronAbi(version?: string): string;
export declare function electronBinary(): string | null;
export declare function nativeUpToDate(version?: string): boolean;
export declare function checkElectronBuild(file: string, abi: string | number): { ok: boolean; why: string };
export declare function buildNative(opts?: { force?: boolean }): boolean;
export declare function fetchElectron(): boolean;
