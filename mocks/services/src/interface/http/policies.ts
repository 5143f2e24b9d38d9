import type { AccessPolicy } from '../../domain/authenticate-resident';

/** A PIN entered for this visit: the access token's own lifetime at the auth-server (10 minutes). */
export const FRESH_LOGIN: AccessPolicy = { acr: ['auth', 'sign'], maxAuthAgeSeconds: 600 };

/**
 * A recent login, reused without a new PIN where the registration allows it (防災: recentLoginSeconds 1800). The
 * service sets its own bound too, so a looser registration would not loosen it.
 */
export const RECENT_LOGIN: AccessPolicy = { acr: ['auth', 'sign'], maxAuthAgeSeconds: 1800 };
