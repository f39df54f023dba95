package org.tinyp2p.protocol;

import org.tinyp2p.peer.PeerUrl;

/**
 * What proving the password to one peer gave: the key its calls are signed with (inside the authenticator),
 * and the certificate that peer proved the password over, which its TLS connections must keep showing.
 */
public record Session(PeerUrl peer, CallAuthenticator authenticator, String fingerprint) {
}
