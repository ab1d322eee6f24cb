/** Managers and admins see and export everyone's load and reports; everyone else only their own (see core/read-scopes). */
export { seesEveryone } from '../core/read-scopes';
