import { join } from 'node:path';

export const DB_FILE_NAME = 'crewdesk.sqlite3';

/** The database file inside a data folder (the user-data folder in Electron, --data on the web host). */
export const dataFile = (dataDir: string): string => join(dataDir, DB_FILE_NAME);
