/**
 * Finds a 4-digit PIN in the forms it could be serialised in, precisely enough that unrelated digits (timestamps,
 * ports, random base64) never match: a `pin` field in JSON or key=value text, the hex of its ASCII bytes (with or
 * without separators, as an APDU dump prints them), the VERIFY command's data (Lc 04 then the PIN) as raw bytes,
 * and any of those inside a base64 or base64url run, decoded.
 */
export function pinFinder(pin: string): (data: Buffer | string) => string[] {
  const hex = Buffer.from(pin, 'ascii').toString('hex');
  const forms: [string, RegExp][] = [
    ['pin field', new RegExp(`pin["']?\\s*[:=]\\s*["']?${pin}\\b`, 'i')],
    ['hex', new RegExp(hex.match(/../g)!.join('[\\s:]?'), 'i')],
  ];
  const verifyData = Buffer.concat([Buffer.from([pin.length]), Buffer.from(pin, 'ascii')]);
  const inText = (text: string, raw: Buffer) => [
    ...forms.filter(([, re]) => re.test(text)).map(([name]) => name),
    ...(raw.includes(verifyData) ? ['VERIFY data'] : []),
  ];
  return (data) => {
    const raw = typeof data === 'string' ? Buffer.from(data) : data;
    const text = raw.toString('latin1');
    const found = inText(text, raw);
    for (const run of text.match(/[A-Za-z0-9+/_-]{8,}={0,2}/g) ?? []) {
      const decoded = Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
      found.push(...inText(decoded.toString('latin1'), decoded).map((name) => `base64 of ${name}`));
    }
    return [...new Set(found)];
  };
}
