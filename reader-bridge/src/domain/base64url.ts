export function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}
