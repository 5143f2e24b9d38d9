export { startStack } from './stack';
export type { CardHolding, RunningStack, StackOptions } from './stack';
export { DEFAULT_PORTS, parsePorts, PORT_NAMES } from './ports';
export type { StackPorts } from './ports';
export { stackLayout } from './layout';
export type { StackLayout } from './layout';
