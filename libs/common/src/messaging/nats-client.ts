/**
 * The Nest injection token of every service's NATS ClientProxy (ClientsModule.register name), one
 * definition for all of them: a service that spelt it differently would get no client injected.
 */
export const NATS_CLIENT = 'NATS_CLIENT';
