import { contextBridge, ipcRenderer } from 'electron';

/**
 * The only thing the page gets: one named function that invokes a contract
 * call by name. Never the raw ipcRenderer. Main validates the sender and the
 * input of every call.
 */
const api = {
  call: (name: string, input: unknown): Promise<unknown> => ipcRenderer.invoke('crewdesk:call', String(name), input),
};

contextBridge.exposeInMainWorld('crewdesk', api);
