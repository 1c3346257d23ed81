package io.amchain.actors;

/**
 * Marks a message that crosses the network between nodes. Configuration binds this marker to {@link
 * KryoSerializer}, which refuses any class it has not registered: a message type added without
 * registration fails loudly in the first cluster test instead of leaking Java serialization or an
 * unstable format onto the wire.
 */
public interface WireMessage {}
