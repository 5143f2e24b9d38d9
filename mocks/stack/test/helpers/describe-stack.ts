// The stack suites need root for pcscd, as the bridge's PC/SC tests do: the same skip-unless-required rule.
export { describePcsc as describeStack } from '../../../../reader-bridge/test/helpers/pcsc-stack';
