package org.tinyp2p.protocol;

import org.tinyp2p.peer.PeerUrl;

/**
 * What proving the password to one peer gave: the key its calls are signed with (inside the authenticator),
 * the certificate that peer proved the password over, which its TLS connections must keep showing, and the
 * URL it proved it as (its own name for itself: the address dialled may differ, as localhost does, or be a
 * relay to it).
 */
public record Session(PeerUrl peer, CallAuthenticator authenticator, String fingerprint, PeerUrl provenAs) {
}
