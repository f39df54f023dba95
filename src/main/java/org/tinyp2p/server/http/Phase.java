package org.tinyp2p.server.http;

/** Where a connection is in its life, as far as the door's limits care. */
enum Phase {
    /** Accepted; the TLS handshake (or the first byte, on a --legacy port) is under way. */
    HANDSHAKE,
    /** Between requests: waiting for the first byte of the next one (of the first, just after the handshake). */
    IDLE,
    /** A request head is arriving. */
    HEAD,
    /** A request body is arriving. */
    BODY,
    /** A whole request waits for a worker. */
    QUEUED,
    /** A handler runs, or its answer is being sent. */
    WORKING,
    /** Answered for the last time; what the caller still sends is dropped for a moment, then it closes. */
    CLOSING;

    /** Whether a newcomer may take this connection's place: it has said nothing that is being answered. */
    boolean evictable() {
        return this == HANDSHAKE || this == IDLE || this == HEAD || this == CLOSING;
    }
}
