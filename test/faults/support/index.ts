// The fault suite's support, each helper once: a platform of a test's own (platform.ts), requests to
// its gateway (gateway.ts), a TCP forwarder (forwarder.ts), a booking load (load.ts), a NATS cluster
// (nats-cluster.ts) on network-namespace hosts (test-hosts.ts). Process start/stop and waiting for
// ports are deploy/local/stack's (engines.ts, processes.ts, ports.ts): reused, not copied.
export * from './platform';
export * from './gateway';
export * from './run';
export * from './forwarder';
export * from './load';
export * from './nats-cluster';
export * from './test-hosts';
