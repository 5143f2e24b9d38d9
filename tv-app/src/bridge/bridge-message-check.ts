import { parseBridgeMessage, type BridgeMessage } from '@madoguchi/protocol/messages/index';

/**
 * Whether a value is a message the bridge may send, by the protocol's schema. Tests and tsc use this file; the
 * bundle gets the same check compiled ahead of time in its place (scripts/compiled-check.mjs), so the box neither
 * downloads TypeBox's compiler nor compiles schemas at start.
 */
export function isBridgeMessage(value: unknown): value is BridgeMessage {
  try {
    parseBridgeMessage(value);
    return true;
  } catch {
    return false;
  }
}
