/** A service gave no usable answer (unreachable, or not the contract's shape): unlike a coded refusal, no reason. */
export default class ServiceError extends Error {
  override readonly name = 'ServiceError';
}
