/** UTF-8 text as base64url without padding (the bridge's document encoding); btoa only takes Latin-1. */
export function base64UrlOfText(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
