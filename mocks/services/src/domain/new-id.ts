import { randomBytes } from 'node:crypto';

/** An unguessable id (a pass id is shown as a QR code and read by terminals). */
export const newId = (): string => randomBytes(16).toString('base64url');
