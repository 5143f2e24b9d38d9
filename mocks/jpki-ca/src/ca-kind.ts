/** The two J-LIS certificate authorities: 利用者証明用 (user authentication) and 署名用 (digital signature). */
export type CaKind = 'auth' | 'sign';
export const CA_KINDS: readonly CaKind[] = ['auth', 'sign'];
